using System.Text.Json;
using FsCheck.Xunit;
using ModelOps.Sdk.Governance.Policies;

namespace ModelOps.Sdk.Governance.Tests.Policies;

public sealed class PromotionPolicyDocumentProperties
{
    [Property(Arbitrary = [typeof(PromotionPolicyArbitraries)], MaxTest = 300)]
    public void FromJson_OfToJson_GivesTheSameDocument(PromotionPolicyDocument document)
    {
        var json = document.ToJson();

        var read = PromotionPolicyDocument.FromJson(json);

        Assert.Equal(document.RequiredApprovals, read.RequiredApprovals);
        Assert.Equal(document.Gates.Count, read.Gates.Count);
        for (var i = 0; i < document.Gates.Count; i++)
        {
            Assert.Equal(document.Gates[i].Type, read.Gates[i].Type);
            Assert.Equal(document.Gates[i].Parameters.Keys, read.Gates[i].Parameters.Keys);
            foreach (var (name, value) in document.Gates[i].Parameters)
            {
                Assert.True(JsonElement.DeepEquals(value, read.Gates[i].Parameters[name]), $"gates[{i}].{name}: {value.GetRawText()} became {read.Gates[i].Parameters[name].GetRawText()}");
            }
        }

        Assert.Equal(json, read.ToJson());
        Assert.Equal(document.ToUtf8Json(), read.ToUtf8Json());
    }

    [Property(Arbitrary = [typeof(PromotionPolicyArbitraries)], MaxTest = 200)]
    public void CreatePolicy_OfARoundTrippedValidDocument_BuildsTheSameGatesAndApprovals(ValidPolicy valid)
    {
        var catalog = new PromotionGateCatalog();

        var original = catalog.CreatePolicy(valid.Document);
        var roundTripped = catalog.CreatePolicy(PromotionPolicyDocument.FromJson(valid.Document.ToUtf8Json()));

        Assert.Empty(catalog.Validate(valid.Document));
        Assert.Equal(valid.Document.RequiredApprovals, roundTripped.RequiredApprovals);
        Assert.Equal(valid.Document.Gates.Count, roundTripped.Gates.Count);
        Assert.Equal(original.Gates.Select(g => g.Name), roundTripped.Gates.Select(g => g.Name));
    }
}
