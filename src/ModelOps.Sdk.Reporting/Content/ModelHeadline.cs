namespace ModelOps.Sdk.Reporting;

/// <summary>One plain-language sentence about a model, for example <c>drift in 2 of 6 inputs since 3 March 2025</c>.</summary>
/// <param name="Kind">What it is about.</param>
/// <param name="Text">The sentence, with dates in the report's time zone.</param>
public sealed record ModelHeadline(ModelHeadlineKind Kind, string Text);
