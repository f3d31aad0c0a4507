namespace ModelOps.Sdk.Optimization.Tests.Definition;

/// <summary>Registration refuses an artifact that does not parse, references what does not exist, or whose smoke instance does not solve.</summary>
public sealed class ArtifactValidationTests
{
    private const string Model = """
        {
          "formatVersion": 1,
          "parameters": [ { "name": "capacity", "default": 10 } ],
          "variables": [ { "name": "x", "type": "continuous", "upper": "capacity" }, { "name": "y", "type": "integer" } ],
          "constraints": [ { "name": "total", "terms": { "x": 1, "y": 1 }, "op": "<=", "rhs": RHS } ],
          "objective": { "sense": "maximize", "terms": { "x": 2, "y": 1 } }
        }
        """;

    [Fact]
    public async Task Register_ValidModel_IsStored()
    {
        await using var models = new OptimizationModels();

        var version = await models.RegisterAsync("m", Model.Replace("RHS", "\"capacity\"", StringComparison.Ordinal));

        Assert.Equal(1, version.Version);
    }

    [Fact]
    public async Task Register_BrokenJson_NamesTheLine()
    {
        await using var models = new OptimizationModels();

        var ex = await Assert.ThrowsAsync<InvalidModelArtifactException>(() => models.RegisterAsync("m", Model.Replace("RHS", "]", StringComparison.Ordinal)));

        Assert.Equal("line 5, position 87", ex.Part);
        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await models.Registry.ListModelsAsync());
    }

    [Fact]
    public async Task Register_UnknownParameterInARightHandSide_NamesTheConstraint()
    {
        await using var models = new OptimizationModels();

        var ex = await Assert.ThrowsAsync<InvalidModelArtifactException>(() => models.RegisterAsync("m", Model.Replace("RHS", "\"capacty\"", StringComparison.Ordinal)));

        Assert.Equal("constraint 'total' rhs", ex.Part);
        Assert.Contains("no parameter is named 'capacty'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_UnknownVariableInTerms_AndBadOperator_ReportsBoth()
    {
        await using var models = new OptimizationModels();
        var broken = Model.Replace("\"y\": 1 }, \"op\": \"<=\"", "\"z\": 1 }, \"op\": \"<\"", StringComparison.Ordinal).Replace("RHS", "5", StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<InvalidModelArtifactException>(() => models.RegisterAsync("m", broken));

        Assert.Equal("constraint 'total' terms 'z'", ex.Part);
        Assert.Contains("2 errors", ex.Message, StringComparison.Ordinal);
        Assert.Contains("constraint 'total' op: operator '<' is unknown", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_RequiredParameterWithoutExample_IsRefused()
    {
        await using var models = new OptimizationModels();
        var broken = Model.Replace("{ \"name\": \"capacity\", \"default\": 10 }", "{ \"name\": \"capacity\" }", StringComparison.Ordinal).Replace("RHS", "5", StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<InvalidModelArtifactException>(() => models.RegisterAsync("m", broken));

        Assert.Equal("parameter 'capacity'", ex.Part);
        Assert.Contains("needs an \"example\" value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_NewerFormatVersion_IsRefused()
    {
        await using var models = new OptimizationModels();

        var ex = await Assert.ThrowsAsync<InvalidModelArtifactException>(() => models.RegisterAsync("m", Model.Replace("\"formatVersion\": 1", "\"formatVersion\": 2", StringComparison.Ordinal).Replace("RHS", "5", StringComparison.Ordinal)));

        Assert.Equal("formatVersion", ex.Part);
    }

    [Fact]
    public async Task Register_VariableNamedLikeAnOutput_IsRefused()
    {
        await using var models = new OptimizationModels();

        var ex = await Assert.ThrowsAsync<InvalidModelArtifactException>(() => models.RegisterAsync("m", Model.Replace("\"name\": \"y\"", "\"name\": \"status\"", StringComparison.Ordinal).Replace("\"y\": 1", "\"status\": 1", StringComparison.Ordinal).Replace("RHS", "5", StringComparison.Ordinal)));

        Assert.Equal("variable 'status'", ex.Part);
    }

    [Fact]
    public async Task Register_SmokeInstanceInfeasible_IsRefusedNamingTheStatus()
    {
        await using var models = new OptimizationModels();
        var infeasible = Model.Replace("\"op\": \"<=\"", "\"op\": \">=\"", StringComparison.Ordinal).Replace("RHS", "1000", StringComparison.Ordinal)
            .Replace("{ \"name\": \"y\", \"type\": \"integer\" }", "{ \"name\": \"y\", \"type\": \"integer\", \"upper\": 3 }", StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<InvalidModelArtifactException>(() => models.RegisterAsync("m", infeasible));

        Assert.Equal("smoke solve", ex.Part);
        Assert.Contains("SCIP ended with status Infeasible", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await models.Registry.ListModelsAsync());
    }

    [Fact]
    public async Task Register_MpsManifestWithoutItsFile_NamesTheMissingExtraFile()
    {
        await using var models = new OptimizationModels();

        var ex = await Assert.ThrowsAsync<InvalidModelArtifactException>(() => models.RegisterAsync("diet", OptimizationModels.Example("diet.json")));

        Assert.Equal("mpsFile", ex.Part);
        Assert.Contains("no extra file named 'diet.mps'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_MpsBindingToAnUnknownRow_NamesTheBinding()
    {
        await using var models = new OptimizationModels();
        var manifest = OptimizationModels.Example("diet.json").Replace("{ \"rhs\": \"PROTEIN\" }", "{ \"rhs\": \"PROTEINS\" }", StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<InvalidModelArtifactException>(() =>
            models.RegisterAsync("diet", manifest, new Dictionary<string, string> { ["diet.mps"] = OptimizationModels.Example("diet.mps") }));

        Assert.Equal("parameter 'minProtein' bindings[0]", ex.Part);
        Assert.Contains("no row named 'PROTEINS'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_UnreadableMps_IsRefused()
    {
        await using var models = new OptimizationModels();

        var ex = await Assert.ThrowsAsync<InvalidModelArtifactException>(() =>
            models.RegisterAsync("diet", OptimizationModels.Example("diet.json"), new Dictionary<string, string> { ["diet.mps"] = "NAME X\nROWS\n Q BROKEN\nENDATA\n" }));

        Assert.Equal("mpsFile 'diet.mps'", ex.Part);
    }
}
