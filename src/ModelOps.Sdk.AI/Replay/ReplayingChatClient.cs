using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelOps.Sdk.AI.Replay;

/// <summary>
/// An in-process <see cref="IChatClient"/> that plays recorded responses, keyed by the request's messages, so tests of prompts run
/// offline, fast and deterministically. A request without a recording fails with <see cref="UnrecordedChatRequestException"/>.
/// </summary>
/// <remarks>
/// <para>
/// The key of a request is its messages, each as <c>role: text</c> on its own line (<see cref="KeyOf"/>); options (temperature,
/// tools, schema) are not part of the key. The same request always plays the same response. Record responses in code
/// (<see cref="Record(string, ChatResponse)"/>) or load a recording file (<see cref="FromJson"/>), whose format is in
/// <c>docs/flavors/ai.md</c>.
/// </para>
/// <para>Thread-safe. Register it as the host's chat client in tests: <c>services.AddSingleton&lt;IChatClient&gt;(replaying)</c>.</para>
/// </remarks>
public sealed class ReplayingChatClient : IChatClient
{
    private readonly ConcurrentDictionary<string, ChatResponse> _recordings = new(StringComparer.Ordinal);
    private long _calls;

    /// <summary>Gets how many requests were answered (unrecorded ones are not counted).</summary>
    public long CallCount => Interlocked.Read(ref _calls);

    /// <summary>Gets how many requests have a recording.</summary>
    public int RecordingCount => _recordings.Count;

    /// <summary>Computes the key a request is recorded under: its messages, each as <c>role: text</c> on its own line.</summary>
    /// <param name="messages">The request's messages.</param>
    /// <returns>The key.</returns>
    public static string KeyOf(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var builder = new StringBuilder();
        foreach (var message in messages)
        {
            builder.Append(message.Role.Value).Append(": ").Append(message.Text).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>Records the response to play for a request.</summary>
    /// <param name="messages">The request's messages.</param>
    /// <param name="response">The response to play.</param>
    /// <returns>This client, for chaining.</returns>
    public ReplayingChatClient Record(IEnumerable<ChatMessage> messages, ChatResponse response) => Record(KeyOf(messages), response);

    /// <summary>Records the response to play for a request key (<see cref="KeyOf"/>).</summary>
    /// <param name="requestKey">The request's key.</param>
    /// <param name="response">The response to play.</param>
    /// <returns>This client, for chaining.</returns>
    public ReplayingChatClient Record(string requestKey, ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(requestKey);
        ArgumentNullException.ThrowIfNull(response);
        _recordings[requestKey] = response;
        return this;
    }

    /// <summary>
    /// Creates a client from a recording file: a JSON array of
    /// <c>{ "messages": [ { "role", "content" } ], "response": { "text", "finishReason"?, "modelId"?, "inputTokens"?, "outputTokens"? } }</c>.
    /// </summary>
    /// <param name="json">The file's text.</param>
    /// <returns>The client.</returns>
    /// <exception cref="InvalidRegistrationException">The recording is not in that format; <see cref="InvalidRegistrationException.Field"/> names the entry.</exception>
    public static ReplayingChatClient FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var client = new ReplayingChatClient();
        RecordingFile[]? entries;
        try
        {
            entries = JsonSerializer.Deserialize<RecordingFile[]>(json, JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            throw new InvalidRegistrationException(null, "recordings", $"the recording file is not a JSON array of recordings: {ex.Message}");
        }

        for (var i = 0; i < (entries?.Length ?? 0); i++)
        {
            var entry = entries![i];
            if (entry?.Messages is not { Length: > 0 } messages || entry.Response?.Text is null || messages.Any(m => m?.Role is null || m.Content is null))
            {
                throw new InvalidRegistrationException(null, $"recordings[{i}]", "each recording needs messages (role and content) and a response with text");
            }

            var recorded = entry.Response!;
            var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, recorded.Text))
            {
                ModelId = recorded.ModelId,
                FinishReason = recorded.FinishReason is { } reason ? new ChatFinishReason(reason) : ChatFinishReason.Stop,
                Usage = recorded.InputTokens is null && recorded.OutputTokens is null ? null : new UsageDetails
                {
                    InputTokenCount = recorded.InputTokens,
                    OutputTokenCount = recorded.OutputTokens,
                    TotalTokenCount = (recorded.InputTokens ?? 0) + (recorded.OutputTokens ?? 0),
                },
            };
            client.Record(messages.Select(m => new ChatMessage(new ChatRole(m!.Role!), m.Content)), response);
        }

        return client;
    }

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Play(messages));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = Play(messages);
        foreach (var update in response.ToChatResponseUpdates())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return update;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("replay")
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private ChatResponse Play(IEnumerable<ChatMessage> messages)
    {
        var key = KeyOf(messages);
        if (!_recordings.TryGetValue(key, out var response))
        {
            throw new UnrecordedChatRequestException(key, _recordings.Count);
        }

        Interlocked.Increment(ref _calls);
        return response;
    }

    private sealed class RecordingFile
    {
        public RecordedMessage?[]? Messages { get; set; }

        public RecordedResponse? Response { get; set; }
    }

    private sealed class RecordedMessage
    {
        public string? Role { get; set; }

        public string? Content { get; set; }
    }

    private sealed class RecordedResponse
    {
        public string? Text { get; set; }

        public string? FinishReason { get; set; }

        public string? ModelId { get; set; }

        public long? InputTokens { get; set; }

        public long? OutputTokens { get; set; }
    }
}
