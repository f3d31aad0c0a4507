using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.AI.Replay;
using ModelOps.Sdk.Scoring;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.AI.Tests;

/// <summary>
/// A real container (in-memory registry, the prompt flavor, a fake clock) whose chat client is a <see cref="ReplayingChatClient"/>
/// loaded from <c>Examples/recordings.json</c>, or the client a test passes.
/// </summary>
internal sealed class PromptHost : IAsyncDisposable
{
    public const string Model = "ticket-triage";

    private PromptHost(ServiceProvider services, FakeTimeProvider time)
    {
        Services = services;
        Time = time;
    }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public IModelRegistry Registry => Services.GetRequiredService<IModelRegistry>();

    public IModelScorerFactory Scorers => Services.GetRequiredService<IModelScorerFactory>();

    public static string Example(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Examples", file));

    public static ReplayingChatClient Recordings() => ReplayingChatClient.FromJson(Example("recordings.json"));

    public static PromptHost Create(IChatClient? client = null, Action<IModelOpsBuilder>? build = null, Action<AIFlavorOptions>? configure = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(client ?? Recordings());
        services.AddMetrics();
        var builder = services.AddModelOps().UseInMemory().AddAI(configure);
        build?.Invoke(builder);
        return new PromptHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }), time);
    }

    public async Task<ModelVersion> RegisterAsync(string document, string? goldenDataset = null, string model = Model)
    {
        var extra = new Dictionary<string, Stream>();
        if (goldenDataset is not null)
        {
            extra["golden-dataset.json"] = new MemoryStream(Encoding.UTF8.GetBytes(goldenDataset));
        }

        return await Registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = model,
            Flavor = PromptFlavor.FlavorName,
            Artifact = new MemoryStream(Encoding.UTF8.GetBytes(document)),
            ExtraFiles = extra,
        });
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}

/// <summary>Acts as whoever the test says, with roles, for governance.</summary>
internal sealed class SwitchableActor : IActorAccessor
{
    public ClaimsPrincipal? Actor { get; set; }

    public SwitchableActor As(string name, params string[] roles)
    {
        Actor = new ClaimsPrincipal(new ClaimsIdentity(roles.Select(r => new Claim(ClaimTypes.Role, r)).Prepend(new Claim(ClaimTypes.Name, name)), "test"));
        return this;
    }
}

/// <summary>The typed input and output of the ticket-triage prompt.</summary>
public sealed class SupportTicket
{
    public string Product { get; init; } = "Acme Pay";

    public string Ticket { get; init; } = string.Empty;
}

public sealed class Triage
{
    public string Category { get; init; } = string.Empty;

    public int Urgency { get; init; }

    public string Summary { get; init; } = string.Empty;
}
