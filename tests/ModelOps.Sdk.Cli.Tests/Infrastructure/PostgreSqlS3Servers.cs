using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;
using ModelOps.Sdk.S3.Tests.Infrastructure;

namespace ModelOps.Sdk.Cli.Tests.Infrastructure;

/// <summary>
/// The tool's tests over PostgreSQL (metadata) and an S3-compatible bucket (artifacts): one PostgreSQL server
/// (<see cref="PostgreSqlFixture"/>: <c>MODELOPS_TEST_POSTGRES</c> or one started with initdb) and one S3-compatible server
/// (<see cref="S3ServerFixture"/>: <c>MODELOPS_TEST_S3_ENDPOINT</c> or moto_server), started once and stopped after the run. When
/// either cannot be had, the tests fail saying what to install.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlS3Servers : ICollectionFixture<PostgreSqlFixture>, ICollectionFixture<S3ServerFixture>
{
    public const string Name = "CLI: PostgreSQL and S3";
}
