using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Tests.Scoring;

namespace ModelOps.Sdk.Tests.Explanations;

/// <summary>Reason-code tables are validated whoever stores them, and a version that cannot be explained says why.</summary>
public sealed class DecisionExplainerTests : IAsyncLifetime
{
    private const string Model = "credit";
    private ServiceProvider _services = null!;

    private IModelRegistry Registry => _services.GetRequiredService<IModelRegistry>();

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddFlavor(new LinearFlavor());
        _services = services.BuildServiceProvider();
        await Registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = Model,
            Flavor = "linear",
            Artifact = new MemoryStream("""{ "weights": [1, 2], "bias": 0.5 }"""u8.ToArray()),
        });
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task SaveReasonCodeTableAsync_ValidTable_IsStoredWithTheVersionAndLoadsBack()
    {
        var table = new ReasonCodeTable { Entries = [new ReasonCodeEntry("R01", "Debt too high", Feature: "debt", Direction: ContributionDirection.Increases)] };

        var document = await Registry.SaveReasonCodeTableAsync(Model, 1, table, reason: "adverse-action codes");
        var loaded = await Registry.LoadReasonCodeTableAsync(Model, 1);

        Assert.Equal((DocumentKinds.ReasonCodes, ReasonCodeTableRegistryExtensions.DocumentName, 1), (document.Kind, document.Name, document.Version));
        Assert.Equal(table.Entries, loaded!.Entries);
        Assert.Equal(4, loaded.MaxReasons);
    }

    [Fact]
    public async Task LoadReasonCodeTableAsync_VersionWithoutATable_ReturnsNull() =>
        Assert.Null(await Registry.LoadReasonCodeTableAsync(Model, 1));

    [Fact]
    public async Task SaveReasonCodeTableAsync_BadEntry_IsRefusedNamingModelVersionAndEntry_AndNothingIsStored()
    {
        var table = new ReasonCodeTable
        {
            Entries =
            [
                new ReasonCodeEntry("R01", "Debt too high", Feature: "debt", Direction: ContributionDirection.Increases),
                new ReasonCodeEntry("R02", "Income too low", Feature: "income"),
            ],
        };

        var ex = await Assert.ThrowsAsync<InvalidReasonCodeTableException>(() => Registry.SaveReasonCodeTableAsync(Model, 1, table));

        Assert.Equal((Model, 1, 1, "Direction"), (ex.ModelName, ex.Version, ex.Entry, ex.Field));
        Assert.Empty(await Registry.ListDocumentsAsync(Model, 1, DocumentKinds.ReasonCodes));
    }

    [Fact]
    public async Task AttachDocumentAsync_InvalidReasonCodeTableByHand_IsRefusedAndNothingIsStored()
    {
        var attachment = new DocumentAttachment
        {
            ModelName = Model,
            Version = 1,
            Kind = DocumentKinds.ReasonCodes,
            Name = "default",
            Content = Encoding.UTF8.GetBytes("""{ "entries": [ { "code": "R01", "text": "Debt", "feature": "debt", "ruleId": "r1", "direction": "Increases" } ] }"""),
        };

        var ex = await Assert.ThrowsAsync<InvalidReasonCodeTableException>(() => Registry.AttachDocumentAsync(attachment));

        Assert.Equal((0, "RuleId"), (ex.Entry, ex.Field));
        Assert.Empty(await Registry.ListDocumentsAsync(Model, 1, DocumentKinds.ReasonCodes));
    }

    [Fact]
    public async Task ExplainVersionAsync_FlavorThatNeitherExplainsNorScoresJson_IsRefusedSayingSo()
    {
        var explainer = _services.GetRequiredService<IDecisionExplainer>();

        var ex = await Assert.ThrowsAsync<ExplanationUnavailableException>(() =>
            explainer.ExplainVersionAsync(Model, 1, JsonSerializer.SerializeToElement(new { features = new[] { 1.0, 2.0 } })));

        Assert.Equal((Model, 1), (ex.ModelName, ex.Version));
        Assert.Contains("IJsonScoringModel", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExplainVersionAsync_InputNotAnObject_IsRefusedAsInvalidInput()
    {
        var explainer = _services.GetRequiredService<IDecisionExplainer>();

        await Assert.ThrowsAsync<InvalidModelInputException>(() => explainer.ExplainVersionAsync(Model, 1, JsonSerializer.SerializeToElement(new[] { 1, 2 })));
    }
}
