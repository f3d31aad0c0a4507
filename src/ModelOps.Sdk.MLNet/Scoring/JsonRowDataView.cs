using Microsoft.ML;
using Microsoft.ML.Data;

namespace ModelOps.Sdk.MLNet;

/// <summary>
/// A data view of exactly one row whose values were read from JSON, over a copy of the model's input schema, so a transformer
/// can score it without a CLR input type. Each value is a getter's result: a scalar of the column's raw type or a <c>VBuffer</c>.
/// </summary>
internal sealed class JsonRowDataView(DataViewSchema schema, IReadOnlyList<Delegate> getters) : IDataView
{
    public bool CanShuffle => false;

    public DataViewSchema Schema { get; } = schema;

    private IReadOnlyList<Delegate> Getters { get; } = getters;

    public long? GetRowCount() => 1;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private sealed class Cursor(JsonRowDataView view) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (_position >= 0)
            {
                _position = 1;
                return false;
            }

            _position = 0;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
            column.Index < view.Getters.Count && view.Getters[column.Index] is ValueGetter<TValue> getter
                ? getter
                : throw new InvalidOperationException($"Column '{column.Name}' is not of type {typeof(TValue).Name} in this row.");
    }
}
