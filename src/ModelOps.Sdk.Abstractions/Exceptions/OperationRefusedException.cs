using ModelOps.Sdk.Security;

namespace ModelOps.Sdk;

/// <summary>
/// Thrown when an <see cref="IRegistryOperationGuard"/> (a governance policy, a gate, an authorization rule) refuses a change. The
/// refusal is recorded in the audit log (operation <c>operation.refused</c>); nothing else was changed.
/// </summary>
/// <remarks>Governance packages derive their own refusals from this type, so one catch handles them all.</remarks>
public class OperationRefusedException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="OperationRefusedException"/> class.</summary>
    /// <param name="operation">The refused change.</param>
    /// <param name="rule">The rule that refused it, for example <c>protected-alias</c> or <c>separation-of-duties</c>.</param>
    /// <param name="message">What was refused and why, naming the model, version or alias.</param>
    public OperationRefusedException(RegistryOperationKind operation, string rule, string message)
        : this(operation, rule, message, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OperationRefusedException"/> class with a cause.</summary>
    /// <param name="operation">The refused change.</param>
    /// <param name="rule">The rule that refused it.</param>
    /// <param name="message">What was refused and why.</param>
    /// <param name="innerException">What made the rule refuse, if it was an error.</param>
    public OperationRefusedException(RegistryOperationKind operation, string rule, string message, Exception? innerException)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rule);
        Operation = operation;
        Rule = rule;
    }

    /// <summary>Gets the refused change's kind.</summary>
    public RegistryOperationKind Operation { get; }

    /// <summary>Gets the rule that refused it.</summary>
    public string Rule { get; }
}
