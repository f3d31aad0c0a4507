using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelOps.Sdk.Flavors;

/// <summary>
/// A loaded model that can also score one input given as JSON, without the application's input and output types. Processes that
/// have no CLR types for a model (the <c>modelops</c> tool, a governance gate evaluated from a stored policy) score through it.
/// </summary>
/// <remarks>
/// <para>
/// The built-in <c>mlnet</c>, <c>onnx</c> and <c>rules</c> flavors' loaded models implement it, and so do the <c>optimization</c>
/// flavor's (ModelOps.Sdk.Optimization). A custom flavor opts in by having
/// the object its <see cref="IModelFlavor.LoadAsync"/> returns implement this interface too; <see cref="JsonModelFields"/> reads
/// typed field values with the errors the contract asks for.
/// </para>
/// <para>
/// The input is a JSON object whose properties are the signature's input fields (<see cref="ModelSignature.Inputs"/>), matched by
/// name (exactly, or else ignoring case, as web JSON defaults do); properties the signature does not name are ignored. The output
/// is a new JSON object whose properties are the signature's output fields. How a field's JSON value maps to the model's types is
/// the flavor's to define and document (a tensor as a nested array, a rules field as a scalar).
/// </para>
/// <para>Implementations must be thread-safe, like the predictors of <see cref="ILoadedModel.CreatePredictor{TInput, TOutput}"/>.</para>
/// </remarks>
public interface IJsonScoringModel : ILoadedModel
{
    /// <summary>Scores one input given as a JSON object.</summary>
    /// <param name="input">A JSON object whose properties are the signature's input fields.</param>
    /// <returns>The outputs, as a JSON object whose properties are the signature's output fields.</returns>
    /// <exception cref="InvalidModelInputException">
    /// The input is not a JSON object, a required field is missing, a value has the wrong JSON kind or shape, or the model refuses
    /// the value; <see cref="InvalidModelInputException.Field"/> names the field.
    /// </exception>
    /// <exception cref="ModelSignatureMismatchException">
    /// The model has an input this flavor cannot build from JSON (for example a float16 tensor, or a key column); the exception
    /// names the field.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The loaded model has been disposed.</exception>
    JsonObject ScoreJson(JsonElement input);
}
