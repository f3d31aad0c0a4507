namespace ModelOps.Sdk.AI.Replay;

/// <summary>
/// Thrown by <see cref="ReplayingChatClient"/> when it is asked a request it has no recording for: the prompt, a variable or the
/// recording changed. The message shows the request's key, to record it or to compare it with the recorded ones.
/// </summary>
public sealed class UnrecordedChatRequestException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="UnrecordedChatRequestException"/> class.</summary>
    /// <param name="requestKey">The request's key (<see cref="ReplayingChatClient.KeyOf"/>).</param>
    /// <param name="recordedCount">How many requests the client has recordings for.</param>
    public UnrecordedChatRequestException(string requestKey, int recordedCount)
        : base($"The replaying chat client has no recording for this request (it holds {recordedCount}); record a response for the key:{Environment.NewLine}{requestKey}")
    {
        RequestKey = requestKey;
    }

    /// <summary>Gets the request's key.</summary>
    public string RequestKey { get; }
}
