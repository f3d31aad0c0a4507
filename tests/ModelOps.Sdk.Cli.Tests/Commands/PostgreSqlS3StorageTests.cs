using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using ModelOps.Sdk.Cli.Tests.Infrastructure;
using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;
using ModelOps.Sdk.S3.Tests.Infrastructure;

namespace ModelOps.Sdk.Cli.Tests.Commands;

/// <summary>
/// The tool over PostgreSQL (metadata) and an S3-compatible bucket (artifacts), configured as a pipeline configures it (the bucket
/// and endpoint in <c>appsettings.json</c>, the secrets in <c>MODELOPS_</c> variables), on real servers; and S3 beside the
/// filesystem metadata store, the other combination the tool's configuration allows.
/// </summary>
[Collection(PostgreSqlS3Servers.Name)]
public sealed class PostgreSqlS3StorageTests(PostgreSqlFixture postgres, S3ServerFixture s3)
{
    private const string Metadata = """
        {
          "flavor": "sklearn",
          "metrics": { "auc": 0.86 },
          "signature": { "inputs": [ { "name": "income", "dataType": "float32" } ], "outputs": [ { "name": "score", "dataType": "float32" } ] },
          "modelCard": { "intendedUse": "retail credit decisions", "limitations": "not for business loans", "owner": "risk-team" }
        }
        """;

    [Fact]
    public async Task RegisterListShowAliasVerify_OnPostgreSqlAndS3_KeepTheArtifactInTheBucketAndVerifyItFromThere()
    {
        await using var registry = await PostgreSqlS3Registry.CreateAsync(postgres, s3.ServiceUrl);
        byte[] bytes = RandomNumberGenerator.GetBytes(300_000);
        string artifact = Path.Combine(registry.Files.Directory, "model.onnx");
        await File.WriteAllBytesAsync(artifact, bytes);
        string metadata = registry.Files.WriteFile("metadata.json", Metadata);
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var register = await registry.RunAsync("ci-bot", "versions", "register", "credit", "--artifact", artifact, "--metadata", metadata, "--json");
        Assert.True(register.ExitCode == 0, register.ToString());
        Assert.Equal(1, register.Json().GetProperty("version").GetInt32());
        Assert.Equal(sha256, register.Json().GetProperty("artifact").GetProperty("sha256").GetString());

        // The artifact is in the bucket under the configured prefix, content-addressed (beside the model card's document), with no
        // upload left in staging.
        var keys = await registry.ObjectKeysAsync();
        Assert.Contains($"{PostgreSqlS3Registry.KeyPrefix}/blobs/sha256/{sha256}", keys);
        Assert.All(keys, key => Assert.StartsWith($"{PostgreSqlS3Registry.KeyPrefix}/blobs/sha256/", key, StringComparison.Ordinal));
        Assert.Equal(bytes, await registry.ReadObjectAsync($"{PostgreSqlS3Registry.KeyPrefix}/blobs/sha256/{sha256}"));
        Assert.False(Directory.Exists(Path.Combine(registry.Files.Directory, "registry")), "nothing may land in the filesystem store");

        var list = await registry.RunAsync("ops", "versions", "list", "credit", "--json");
        var show = await registry.RunAsync("ops", "versions", "show", "credit", "1", "--json");
        var table = await registry.RunAsync("ops", "versions", "list", "credit");
        var set = await registry.RunAsync("release-bot", "aliases", "set", "credit", "staging", "1", "--reason", "first candidate", "--roles", "model-deployer", "--json");
        var aliases = await registry.RunAsync("ops", "aliases", "list", "credit", "--json");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal([1], list.Json().EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Equal(0.86, show.Json().GetProperty("metrics").GetProperty("auc").GetDouble());
        Assert.Equal("ci-bot", show.Json().GetProperty("registeredBy").GetString());
        Assert.Equal(bytes.Length, show.Json().GetProperty("artifact").GetProperty("length").GetInt64());
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("pendingApproval", table.Output, StringComparison.OrdinalIgnoreCase);
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.True(aliases.ExitCode == 0, aliases.ToString());
        var staging = Assert.Single(aliases.Json().EnumerateArray());
        Assert.Equal("staging", staging.GetProperty("alias").GetString());
        Assert.Equal(1, staging.GetProperty("version").GetInt32());

        // A fresh process with an empty cache reads the artifact back from the bucket and re-hashes it.
        string freshCache = Path.Combine(registry.Files.Directory, "fresh-cache");
        var verify = await registry.RunAsync("auditor", new Dictionary<string, string> { ["MODELOPS_S3__CACHEDIRECTORY"] = freshCache }, "audit", "verify", "credit", "--json");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.True(verify.Json().GetProperty("valid").GetBoolean());
        Assert.Empty(verify.Json().GetProperty("violations").EnumerateArray());
        var file = Assert.Single(verify.Json().GetProperty("files").EnumerateArray());
        Assert.True(file.GetProperty("valid").GetBoolean());
        Assert.Contains(Directory.EnumerateFiles(freshCache, "*", SearchOption.AllDirectories), path => path.Contains(sha256, StringComparison.Ordinal));

        // Bytes changed in the bucket behind the registry's back are caught by the next verification that reads them from there.
        using (var client = S3ServerFixture.CreateClient(s3.ServiceUrl))
        {
            byte[] altered = (byte[])bytes.Clone();
            altered[bytes.Length / 2] ^= 0x01;
            await client.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
            {
                BucketName = registry.Bucket,
                Key = $"{PostgreSqlS3Registry.KeyPrefix}/blobs/sha256/{sha256}",
                InputStream = new MemoryStream(altered),
            });
        }

        var tampered = await registry.RunAsync("auditor", new Dictionary<string, string> { ["MODELOPS_S3__CACHEDIRECTORY"] = freshCache + "-2" }, "audit", "verify", "credit", "--json");
        Assert.True(tampered.ExitCode == 4, tampered.ToString());
        Assert.False(Assert.Single(tampered.Json().GetProperty("files").EnumerateArray()).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Register_FileSystemMetadataWithS3Artifacts_PutsTheArtifactInTheBucketAndOnlyMetadataOnDisk()
    {
        using var registry = new TemporaryRegistry();
        string bucket = await s3.CreateBucketAsync("cli-fs");
        registry.WriteFile("appsettings.json", System.Text.Json.JsonSerializer.Serialize(new
        {
            Store = new { Path = registry.StorePath },
            S3 = new { BucketName = bucket, ServiceUrl = s3.ServiceUrl, ForcePathStyle = true },
        }));
        var secrets = new Dictionary<string, string>
        {
            ["MODELOPS_S3__ACCESSKEYID"] = S3ServerFixture.AccessKeyId,
            ["MODELOPS_S3__SECRETACCESSKEY"] = S3ServerFixture.SecretAccessKey,
            ["MODELOPS_S3__CACHEDIRECTORY"] = Path.Combine(registry.Directory, "cache"),
            ["MODELOPS_ACTOR"] = "ci-bot",
        };
        byte[] bytes = RandomNumberGenerator.GetBytes(40_000);
        string artifact = Path.Combine(registry.Directory, "model.onnx");
        await File.WriteAllBytesAsync(artifact, bytes);
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var register = await registry.RunAsync(secrets, "versions", "register", "credit", "--artifact", artifact, "--flavor", "sklearn", "--json");

        Assert.True(register.ExitCode == 0, register.ToString());
        using var client = s3.CreateClient();
        Assert.Contains($"modelops/blobs/sha256/{sha256}", await BucketInspector.ObjectKeysAsync(client, bucket, "modelops")); // the default prefix
        var onDisk = Directory.EnumerateFiles(registry.StorePath, "*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(onDisk); // the metadata
        Assert.DoesNotContain(onDisk, file => new FileInfo(file).Length == bytes.Length && File.ReadAllBytes(file).AsSpan().SequenceEqual(bytes));
    }

    [Fact]
    public async Task ExportImport_FileSystemToPostgreSqlS3AndBack_MigratesEveryVersionWithItsBytesAndOrigin()
    {
        using var laptop = new TemporaryRegistry();
        using var restored = new TemporaryRegistry();
        await using var production = await PostgreSqlS3Registry.CreateAsync(postgres, s3.ServiceUrl);
        await laptop.RegisterAsync("credit", auc: 0.9);
        await laptop.RegisterAsync("credit", auc: 0.92);
        string outgrown = Path.Combine(laptop.Directory, "credit.bundle");
        string backup = Path.Combine(production.Files.Directory, "credit-prod.bundle");
        string third = production.Files.WriteFile("model.onnx", "a third version, registered straight into PostgreSQL and S3");

        // The team outgrows one machine: the filesystem registry moves into PostgreSQL + S3.
        var export = await laptop.RunAsAsync("ops", string.Empty, "bundles", "export", "credit", "-o", outgrown, "--json");
        var import = await production.RunAsync("migration-bot", "bundles", "import", outgrown, "--json");
        var register = await production.RunAsync("ci-bot", "versions", "register", "credit", "--artifact", third, "--flavor", "sklearn", "--json");

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal([1, 2], import.Json().GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("targetVersion").GetInt32()));
        Assert.True(register.ExitCode == 0, register.ToString());
        Assert.Equal(3, register.Json().GetProperty("version").GetInt32());

        // And back: the PostgreSQL + S3 registry's versions, exported, restore into an empty filesystem registry.
        var exportBack = await production.RunAsync("ops", "bundles", "export", "credit", "-o", backup, "--json");
        var importBack = await restored.RunAsAsync("ops", string.Empty, "bundles", "import", backup, "--json");
        var productionVersions = await production.RunAsync("ops", "versions", "list", "credit", "--json");
        var restoredVersions = await restored.RunAsAsync("ops", string.Empty, "versions", "list", "credit", "--json");
        var verify = await restored.RunAsAsync("auditor", string.Empty, "audit", "verify", "credit", "--json");

        Assert.True(exportBack.ExitCode == 0, exportBack.ToString());
        Assert.True(importBack.ExitCode == 0, importBack.ToString());
        Assert.Equal([1, 2, 3], importBack.Json().GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("targetVersion").GetInt32()));
        Assert.True(restoredVersions.ExitCode == 0, restoredVersions.ToString());
        var fromProduction = productionVersions.Json().EnumerateArray().ToList();
        var productionKeys = await production.ObjectKeysAsync();
        Assert.All(fromProduction, v => Assert.Contains(
            $"{PostgreSqlS3Registry.KeyPrefix}/blobs/sha256/{v.GetProperty("artifact").GetProperty("sha256").GetString()}", productionKeys));
        var restoredList = restoredVersions.Json().EnumerateArray().ToList();
        Assert.Equal(
            fromProduction.Select(v => v.GetProperty("artifact").GetProperty("sha256").GetString()),
            restoredList.Select(v => v.GetProperty("artifact").GetProperty("sha256").GetString()));
        Assert.Equal([0.9, 0.92], restoredList.Take(2).Select(v => v.GetProperty("metrics").GetProperty("auc").GetDouble()));
        Assert.All(restoredList, v => Assert.Equal("prod", v.GetProperty("lineage").GetProperty("importedFrom").GetProperty("registry").GetString()));
        Assert.Equal([1, 2, 3], restoredList.Select(v => v.GetProperty("lineage").GetProperty("importedFrom").GetProperty("version").GetInt32()));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Equal(3, verify.Json().GetProperty("files").GetArrayLength());
    }

    [Fact]
    public async Task Register_WhileTheS3ServerIsUnreachable_ExitsWithStorageUnavailableNamingTheBucketWithoutCredentials()
    {
        await using var registry = await PostgreSqlS3Registry.CreateAsync(postgres, s3.ServiceUrl);
        string first = registry.Files.WriteFile("v1.onnx", "version one");
        string second = registry.Files.WriteFile("v2.onnx", "version two, registered during the outage");
        var registered = await registry.RunAsync("ci-bot", "versions", "register", "credit", "--artifact", first, "--flavor", "sklearn", "--json");
        Assert.True(registered.ExitCode == 0, registered.ToString());

        // The outage: the S3 endpoint stops answering (nothing listens on its port any more); PostgreSQL stays up.
        string unreachable = $"http://127.0.0.1:{ClosedPort()}";
        var outage = new Dictionary<string, string>
        {
            ["MODELOPS_S3__SERVICEURL"] = unreachable,
            ["MODELOPS_S3__MAXRETRYATTEMPTS"] = "1",
            ["MODELOPS_S3__RETRYBASEDELAY"] = "00:00:00.050",
            ["MODELOPS_S3__CACHEDIRECTORY"] = Path.Combine(registry.Files.Directory, "empty-cache"),
        };
        var register = await registry.RunAsync("ci-bot", outage, "versions", "register", "credit", "--artifact", second, "--flavor", "sklearn", "--json");
        var verify = await registry.RunAsync("auditor", outage, "audit", "verify", "credit");
        var versions = await registry.RunAsync("ops", outage, "versions", "list", "credit", "--json");

        Assert.True(register.ExitCode == 8, register.ToString());
        Assert.Equal(string.Empty, register.Output);
        string message = Assert.Single(register.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("modelops: S3 ", message, StringComparison.Ordinal);
        Assert.Contains($"in bucket '{registry.Bucket}' at {unreachable}", message, StringComparison.Ordinal);
        Assert.Contains("transient fault on all 2 attempt(s)", message, StringComparison.Ordinal); // MODELOPS_S3__MAXRETRYATTEMPTS=1 was bound
        Assert.Contains("try again", message, StringComparison.Ordinal);
        Assert.True(verify.ExitCode == 8, verify.ToString()); // an unreadable bucket is an outage, not an integrity failure (4)

        // Nothing half-committed: the metadata in PostgreSQL still lists version 1 only.
        Assert.True(versions.ExitCode == 0, versions.ToString());
        Assert.Equal([1], versions.Json().EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));

        foreach (var run in new[] { registered, register, verify, versions })
        {
            string text = run.Output + run.Error;
            Assert.DoesNotContain(S3ServerFixture.SecretAccessKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(PostgreSqlS3Registry.PostgreSqlPassword, text, StringComparison.Ordinal);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
