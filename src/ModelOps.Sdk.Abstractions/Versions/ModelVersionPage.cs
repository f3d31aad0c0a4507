namespace ModelOps.Sdk;

/// <summary>
/// One page of versions of a model, in ascending version order.
/// </summary>
/// <param name="Items">The versions on this page.</param>
/// <param name="NextAfterVersion">
/// The value to pass as <c>afterVersion</c> to get the next page, or <see langword="null"/> when this is the last page.
/// Paging by version number is stable under concurrent registrations: a page never repeats or skips a version.
/// </param>
public sealed record ModelVersionPage(IReadOnlyList<ModelVersion> Items, int? NextAfterVersion);
