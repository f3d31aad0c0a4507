using System.ComponentModel.DataAnnotations;
using ModelOps.Sdk.Configuration;

namespace ModelOps.Sdk.AI;

/// <summary>Options of the <c>prompt</c> flavor: which registered <c>IChatClient</c> scores prompts, and how long a call may take.</summary>
/// <remarks>
/// Configure them with <c>builder.AddAI(o =&gt; ...)</c>, or bind them from configuration section <see cref="SectionName"/>
/// (<c>ModelOps:Flavors:AI</c>; ModelOps.Sdk.Hosting binds it). They are validated when the flavor is first resolved (and on start
/// when a host runs).
/// </remarks>
[ModelOpsOptionsSection(SectionName)]
public sealed class AIFlavorOptions
{
    /// <summary>
    /// The configuration section these options bind from, relative to the <c>ModelOps</c> section: <c>ModelOps:Flavors:AI</c>.
    /// </summary>
    public const string SectionName = "Flavors:AI";

    /// <summary>The longest <see cref="Timeout"/> accepted: one hour.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    /// <summary>
    /// Gets or sets the service key of the <c>IChatClient</c> that scores prompts, for a host that registers several
    /// (<c>services.AddKeyedChatClient("support", ...)</c>); <see langword="null"/> uses the unkeyed <c>IChatClient</c>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? ChatClientKey { get; set; }

    /// <summary>
    /// Gets or sets how long one call to the chat client may take before it is cancelled and fails with a
    /// <see cref="TimeoutException"/>. Between 1 millisecond and <see cref="MaxTimeout"/>.
    /// </summary>
    /// <value>The default value is 100 seconds (the default of <c>HttpClient.Timeout</c>).</value>
    [Required]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);
}
