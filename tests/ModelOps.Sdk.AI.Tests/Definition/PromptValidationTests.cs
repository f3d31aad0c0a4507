using System.Text;

namespace ModelOps.Sdk.AI.Tests.Definition;

/// <summary>A prompt artifact is checked at registration: problems are all reported, and nothing is stored.</summary>
public sealed class PromptValidationTests
{
    [Fact]
    public async Task Register_ValidPrompt_StoresTheSignatureOfVariablesAndSchemaProperties()
    {
        await using var host = PromptHost.Create();

        var version = await host.RegisterAsync(PromptHost.Example("ticket-triage.json"));

        Assert.Equal(["product", "ticket"], version.Signature!.Inputs.Select(i => i.Name));
        Assert.All(version.Signature.Inputs, i => Assert.Equal("string", i.DataType));
        Assert.Equal([("category", "json"), ("urgency", "int64"), ("summary", "string")], version.Signature.Outputs.Select(o => (o.Name, o.DataType)));
    }

    [Fact]
    public async Task Register_PromptWithoutSchema_HasOneTextOutput()
    {
        await using var host = PromptHost.Create();

        var version = await host.RegisterAsync("""{ "formatVersion": 1, "messages": [ { "role": "user", "content": "Say hello to {{name}}" } ] }""");

        Assert.Equal(("text", "string"), (version.Signature!.Outputs.Single().Name, version.Signature.Outputs.Single().DataType));
    }

    [Fact]
    public async Task Register_BrokenPrompt_ReportsEveryProblemAndStoresNothing()
    {
        await using var host = PromptHost.Create();
        const string broken = """
            {
              "formatVersion": 1,
              "mesages": [],
              "messages": [ { "role": "robot", "content": "Hi {{ name" }, { "role": "user", "content": "" } ],
              "options": { "temperature": 3, "colour": "red" },
              "outputSchema": { "type": "object", "properties": { "a": { "$ref": "#/$defs/missing" } } }
            }
            """;

        var ex = await Assert.ThrowsAsync<InvalidModelArtifactException>(() => host.RegisterAsync(broken));

        Assert.Equal("mesages", ex.Part);
        foreach (var expected in new[] { "unknown property 'mesages'", "messages[0].role", "messages[0].content", "messages[1].content", "options.temperature", "unknown option 'colour'" })
        {
            Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        }

        Assert.Empty(await host.Registry.ListModelsAsync());
    }

    [Fact]
    public async Task Register_NewerFormatVersion_IsRefusedWithAnUpgradeHint()
    {
        await using var host = PromptHost.Create();

        var ex = await Assert.ThrowsAsync<InvalidModelArtifactException>(() => host.RegisterAsync("""{ "formatVersion": 2, "messages": [] }"""));

        Assert.Equal("formatVersion", ex.Part);
        Assert.Contains("upgrade ModelOps.Sdk.AI", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_SchemaThatDoesNotCompile_IsRefusedNamingTheSchema()
    {
        await using var host = PromptHost.Create();

        var ex = await Assert.ThrowsAsync<InvalidModelArtifactException>(() => host.RegisterAsync(
            """{ "formatVersion": 1, "messages": [ { "role": "user", "content": "x" } ], "outputSchema": "an object please" }"""));

        Assert.Equal("outputSchema", ex.Part);
    }

    [Fact]
    public async Task Register_GoldenDatasetNamingAnUnknownVariable_IsRefusedAndNothingIsStored()
    {
        await using var host = PromptHost.Create();
        var dataset = PromptHost.Example("golden-dataset.json").Replace("\"ticket\": \"My parcel", "\"tiket\": \"My parcel", StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<InvalidModelArtifactException>(() => host.RegisterAsync(PromptHost.Example("ticket-triage.json"), dataset));

        Assert.Contains("the prompt has no variable 'tiket'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("the variable 'ticket' has no value", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await host.Registry.ListModelsAsync());
    }

    [Fact]
    public async Task Register_GoldenDatasetWithABadCheck_IsRefusedNamingTheCheck()
    {
        await using var host = PromptHost.Create();
        var dataset = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(PromptHost.Example("golden-dataset.json")))
            .Replace("\"check\": \"regex\", \"path\": \"/summary\", \"pattern\": \"(?i)charged twice\"", "\"check\": \"regex\", \"path\": \"/summary\", \"pattern\": \"(unclosed\"", StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<InvalidModelArtifactException>(() => host.RegisterAsync(PromptHost.Example("ticket-triage.json"), dataset));

        Assert.Equal("golden-dataset.json cases[0].checks[2].pattern", ex.Part);
    }
}
