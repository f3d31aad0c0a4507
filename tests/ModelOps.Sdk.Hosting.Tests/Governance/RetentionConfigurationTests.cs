using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Governance.Retention;
using ModelOps.Sdk.Loops;

namespace ModelOps.Sdk.Hosting.Tests.Governance;

/// <summary>The host binds <c>ModelOps:Retention</c>: the windows, the loop, and configured policies with their document limits.</summary>
public sealed class RetentionConfigurationTests : IDisposable
{
    private readonly HostFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task StartAsync_RetentionSection_BindsWindowsLoopAndPolicies()
    {
        var builder = _fixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["ModelOps:Store:RootPath"] = _fixture.StorePath,
            ["ModelOps:Retention:PredictionLogReplayWindow"] = "180.00:00:00",
            ["ModelOps:Retention:ReportHistoryWindow"] = "365.00:00:00",
            ["ModelOps:Retention:LoopInterval"] = "12:00:00",
            ["ModelOps:Retention:DefaultPolicy:KeepLastVersions"] = "5",
            ["ModelOps:Retention:DefaultPolicy:MonitoringReports:MaxAge"] = "30.00:00:00",
            ["ModelOps:Retention:DefaultPolicy:MonitoringReports:KeepLast"] = "50",
            ["ModelOps:Retention:Policies:credit:KeepLastVersions"] = "20",
        });
        builder.Services.AddModelOps(builder.Configuration.GetSection("ModelOps")).UseFileSystem().AddGovernance();
        using var host = builder.Build();

        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptions<RetentionOptions>>().Value;
        Assert.Equal(TimeSpan.FromDays(180), options.PredictionLogReplayWindow);
        Assert.Equal(TimeSpan.FromDays(365), options.ReportHistoryWindow);
        Assert.Equal(TimeSpan.FromHours(12), options.LoopInterval);
        Assert.False(options.LoopEnabled);
        Assert.Equal(5, options.DefaultPolicy!.KeepLastVersions);
        Assert.Equal(new DocumentRetention(TimeSpan.FromDays(30), 50), options.DefaultPolicy.MonitoringReports);
        Assert.Equal(new RetentionPolicyDocument().MinimumAge, options.DefaultPolicy.MinimumAge);
        Assert.Equal(20, options.Policies["credit"].KeepLastVersions);
        var loop = Assert.Single(host.Services.GetServices<IModelOpsLoop>(), l => l.Name == "governance:retention");
        Assert.Null(loop.Status.LastRunAt); // off by default
        await host.StopAsync();
    }
}
