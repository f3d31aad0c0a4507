using Amazon.S3;
using Amazon.S3.Model;

namespace ModelOps.Sdk.S3.Tests.Infrastructure;

/// <summary>Lists what a bucket holds under a prefix, behind the store's back.</summary>
public static class BucketInspector
{
    public static async Task<List<string>> ObjectKeysAsync(IAmazonS3 client, string bucket, string prefix)
    {
        ListObjectsV2Response response = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix + "/" });
        return (response.S3Objects ?? []).Select(o => o.Key).ToList();
    }

    public static async Task<List<string>> MultipartUploadKeysAsync(IAmazonS3 client, string bucket, string prefix)
    {
        ListMultipartUploadsResponse response = await client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket, Prefix = prefix + "/" });
        return (response.MultipartUploads ?? []).Select(u => u.Key).ToList();
    }

    /// <summary>
    /// Waits until an unfinished multipart upload under the prefix holds at least one part, polling the bucket until the deadline.
    /// </summary>
    /// <remarks>
    /// A writer in another process reports its progress before the store has sent what it read (the registry reads the next chunk
    /// while the store writes the previous one), so a test that kills it "mid-upload" waits for the bucket to show the part first.
    /// </remarks>
    public static async Task WaitForUnfinishedPartAsync(IAmazonS3 client, string bucket, string prefix, CancellationToken cancellationToken)
    {
        while (true)
        {
            ListMultipartUploadsResponse uploads = await client.ListMultipartUploadsAsync(
                new ListMultipartUploadsRequest { BucketName = bucket, Prefix = prefix + "/" }, cancellationToken);
            foreach (MultipartUpload upload in uploads.MultipartUploads ?? [])
            {
                ListPartsResponse parts = await client.ListPartsAsync(
                    new ListPartsRequest { BucketName = bucket, Key = upload.Key, UploadId = upload.UploadId }, cancellationToken);
                if (parts.Parts is { Count: > 0 })
                {
                    return;
                }
            }

            await Task.Delay(20, cancellationToken); // polling another process's effect on the bucket, with the caller's deadline
        }
    }
}
