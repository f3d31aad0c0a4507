using ModelOps.Sdk.Onnx.Scoring;

namespace ModelOps.Sdk.Onnx.Tests.Scoring;

public sealed class TensorLayoutTests
{
    [Theory]
    [InlineData(new[] { -1, 1 }, false, 1, true)]
    [InlineData(new[] { 1, 1 }, false, 1, false)]
    [InlineData(new[] { -1, 3 }, true, 3, true)]
    [InlineData(new[] { -1, 2, 3 }, true, 6, true)]
    [InlineData(new[] { -1 }, false, 1, true)]
    [InlineData(new[] { 4 }, true, 4, false)]
    [InlineData(new int[0], false, 1, false)]
    public void Describe_SupportedShapes_GiveRowLengthAndBatchability(int[] dims, bool isArray, int rowLength, bool batchable)
    {
        var layout = TensorLayout.Describe(dims, isArray, out var problem);

        Assert.Null(problem);
        Assert.NotNull(layout);
        Assert.Equal(rowLength, layout.RowLength);
        Assert.Equal(batchable, layout.Batchable);
    }

    [Fact]
    public void Shape_BatchOfRows_StacksAlongTheFirstDimension()
    {
        var layout = TensorLayout.Describe([-1, 3], isArray: true, out _)!;

        Assert.Equal([64L, 3L], layout.Shape(64, 3));
        Assert.Equal([1L, 3L], layout.SingleShape);
    }

    [Fact]
    public void Describe_FreeInnerDimension_TakesTheArrayLengthAndDoesNotBatch()
    {
        var layout = TensorLayout.Describe([-1, -1], isArray: true, out _)!;

        Assert.Equal(-1, layout.RowLength);
        Assert.False(layout.Batchable);
        Assert.Equal([1L, 7L], layout.Shape(1, 7));
    }

    [Theory]
    [InlineData(new[] { -1, 3 }, false)]
    [InlineData(new[] { 2, 1 }, false)]
    [InlineData(new int[0], true)]
    [InlineData(new[] { -1, -1, -1 }, true)]
    [InlineData(new[] { 3 }, false)]
    public void Describe_UnsupportedShapes_ExplainWhy(int[] dims, bool isArray)
    {
        Assert.Null(TensorLayout.Describe(dims, isArray, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void ForDefault_SymbolicDimensions_BecomeOneOrTheBatch()
    {
        var layout = TensorLayout.ForDefault([-1, -1, 4]);

        Assert.Equal(4, layout.RowLength);
        Assert.True(layout.Batchable);
        Assert.Equal([8L, 1L, 4L], layout.Shape(8, layout.RowLength));
    }
}
