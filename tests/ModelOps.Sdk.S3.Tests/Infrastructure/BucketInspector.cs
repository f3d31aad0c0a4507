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
}
