namespace ModelOps.Sdk.Flavors;

/// <summary>
/// A kind of model the registry can check and load: <c>mlnet</c>, <c>onnx</c>, <c>rules</c>, or your own (an optimization solver,
/// a knowledge-graph lookup, an agent). Register flavors as singletons through dependency injection
/// (<c>builder.AddFlavor&lt;T&gt;()</c>); the registry picks one by <see cref="Name"/>.
/// </summary>
/// <remarks>
/// <para>
/// At registration the registry stores the artifact's bytes, reads them back verified, and calls <see cref="InspectAsync"/> before
/// it commits the version: an artifact its flavor cannot load is refused with <see cref="InvalidModelArtifactException"/> and no
/// version is created. The signature the flavor returns is stored with the version (a signature the caller passed is kept as is).
/// </para>
/// <para>Implementations must be thread-safe.</para>
/// </remarks>
public interface IModelFlavor
{
    /// <summary>Gets the flavor's name, as passed in <see cref="ModelVersionRegistration.Flavor"/>.</summary>
    string Name { get; }

    /// <summary>
    /// Checks that an artifact loads and describes it. Called at registration, before the version exists.
    /// </summary>
    /// <param name="artifact">The verified artifact (its <see cref="ModelArtifact.Version"/> is <see langword="null"/>).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>What the flavor learned, above all the input and output signature.</returns>
    /// <exception cref="InvalidModelArtifactException">The artifact does not load; the message names the rule, field or part at fault.</exception>
    ValueTask<FlavorInspection> InspectAsync(ModelArtifact artifact, CancellationToken cancellationToken = default);

    /// <summary>Loads a registered version for scoring.</summary>
    /// <param name="artifact">The verified artifact, with its <see cref="ModelArtifact.Version"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The loaded model; the caller disposes it once no call uses it any more.</returns>
    /// <exception cref="InvalidModelArtifactException">The artifact does not load.</exception>
    ValueTask<ILoadedModel> LoadAsync(ModelArtifact artifact, CancellationToken cancellationToken = default);
}
