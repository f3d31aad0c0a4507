using Microsoft.Extensions.Options;
using ModelOps.Sdk.Governance.Policies;

namespace ModelOps.Sdk.Governance;

/// <summary>Checks governance options at start and reports every problem at once.</summary>
internal sealed class GovernanceOptionsValidator : IValidateOptions<GovernanceOptions>
{
    public ValidateOptionsResult Validate(string? name, GovernanceOptions options)
    {
        var errors = new List<string>(options.ConfigurationErrors);
        foreach (var (model, policy) in options.Policies.Prepend(new KeyValuePair<string, PromotionPolicy>("(default)", options.DefaultPolicy)))
        {
            if (policy is null)
            {
                errors.Add($"The policy of model '{model}' is null.");
                continue;
            }

            if (policy.RequiredApprovals < 0)
            {
                errors.Add($"The policy of model '{model}' requires {policy.RequiredApprovals} approvals; use 0 or more.");
            }

            var duplicate = policy.Gates.GroupBy(g => g.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                errors.Add($"The policy of model '{model}' has two gates named '{duplicate.Key}'; gate names must be unique within a policy.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.ChampionAlias))
        {
            errors.Add("GovernanceOptions.ChampionAlias is empty.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
