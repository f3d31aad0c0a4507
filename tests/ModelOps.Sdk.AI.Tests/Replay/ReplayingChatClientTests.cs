using Microsoft.Extensions.AI;
using ModelOps.Sdk.AI.Replay;

namespace ModelOps.Sdk.AI.Tests.Replay;

public sealed class ReplayingChatClientTests
{
    private static readonly ChatMessage[] Hello = [new(ChatRole.System, "Be brief."), new(ChatRole.User, "Hello")];

    [Fact]
    public async Task GetResponse_RecordedRequest_PlaysTheSameResponseEveryTime()
    {
        var client = new ReplayingChatClient().Record(Hello, new ChatResponse(new ChatMessage(ChatRole.Assistant, "Hi.")));

        var first = await client.GetResponseAsync(Hello);
        var second = await client.GetResponseAsync([new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "Hello")], new ChatOptions { Temperature = 1 });

        Assert.Equal(("Hi.", "Hi."), (first.Text, second.Text));
        Assert.Equal(2, client.CallCount);
    }

    [Fact]
    public async Task GetResponse_RequestThatDiffersInOneCharacter_IsUnrecorded()
    {
        var client = new ReplayingChatClient().Record(Hello, new ChatResponse(new ChatMessage(ChatRole.Assistant, "Hi.")));

        var ex = await Assert.ThrowsAsync<UnrecordedChatRequestException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "Hello!")]));

        Assert.Equal("system: Be brief.\nuser: Hello!\n", ex.RequestKey);
        Assert.Equal(0, client.CallCount);
    }

    [Fact]
    public async Task GetStreamingResponse_PlaysTheRecordedTextAsUpdates()
    {
        var client = new ReplayingChatClient().Record(Hello, new ChatResponse(new ChatMessage(ChatRole.Assistant, "Hi there.")));

        var text = string.Concat(await client.GetStreamingResponseAsync(Hello).Select(u => u.Text).ToListAsync());

        Assert.Equal("Hi there.", text);
    }

    [Fact]
    public async Task FromJson_ReadsMessagesTextFinishReasonAndUsage()
    {
        var client = PromptHost.Recordings();

        var response = await client.GetResponseAsync(
        [
            new ChatMessage(ChatRole.System, "You triage support tickets for Acme Pay. Answer with JSON only."),
            new ChatMessage(ChatRole.User, "Ticket: I was charged twice for order 1234."),
        ]);

        Assert.Equal(2, client.RecordingCount);
        Assert.Equal((ChatFinishReason.Stop, 52L, 19L), (response.FinishReason!.Value, response.Usage!.InputTokenCount!.Value, response.Usage.OutputTokenCount!.Value));
    }

    [Fact]
    public void FromJson_RecordingWithoutAResponse_IsRefusedNamingTheEntry()
    {
        var ex = Assert.Throws<InvalidRegistrationException>(() => ReplayingChatClient.FromJson("""[ { "messages": [ { "role": "user", "content": "x" } ] } ]"""));

        Assert.Equal("recordings[0]", ex.Field);
    }
}
