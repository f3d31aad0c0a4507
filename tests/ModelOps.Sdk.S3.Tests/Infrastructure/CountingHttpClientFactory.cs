using System.Collections.Concurrent;
using Amazon.Runtime;

namespace ModelOps.Sdk.S3.Tests.Infrastructure;

/// <summary>An HTTP client factory for the AWS SDK that records every request the client sends, to count what reached the server.</summary>
public sealed class CountingHttpClientFactory : HttpClientFactory
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public IReadOnlyCollection<RecordedRequest> Requests => _requests;

    /// <summary>Gets how many object downloads (GETs of content keys) were sent.</summary>
    public int ContentDownloads => _requests.Count(r => r.Method == HttpMethod.Get && r.Path.Contains("/blobs/sha256/", StringComparison.Ordinal));

    /// <summary>Gets how many parts were uploaded (not copied).</summary>
    public int PartUploads => _requests.Count(r => r.Method == HttpMethod.Put && r.Query.Contains("partNumber=", StringComparison.Ordinal) && !r.IsCopy);

    /// <summary>Gets how many parts were copied on the server.</summary>
    public int PartCopies => _requests.Count(r => r.Method == HttpMethod.Put && r.Query.Contains("partNumber=", StringComparison.Ordinal) && r.IsCopy);

    /// <summary>Gets how many whole-object server-side copies were sent.</summary>
    public int ObjectCopies => _requests.Count(r => r.Method == HttpMethod.Put && !r.Query.Contains("partNumber=", StringComparison.Ordinal) && r.IsCopy);

    public void Clear() => _requests.Clear();

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(new RecordingHandler(_requests) { InnerHandler = new SocketsHttpHandler() });

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => true;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public sealed record RecordedRequest(HttpMethod Method, string Path, string Query, bool IsCopy);

    private sealed class RecordingHandler(ConcurrentQueue<RecordedRequest> requests) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            requests.Enqueue(new RecordedRequest(
                request.Method,
                request.RequestUri!.AbsolutePath,
                request.RequestUri.Query,
                request.Headers.Contains("x-amz-copy-source")));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
