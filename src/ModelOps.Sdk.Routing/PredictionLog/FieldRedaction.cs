namespace ModelOps.Sdk.Routing.PredictionLog;

/// <summary>What a prediction log writes in place of a field that holds personal data.</summary>
public enum FieldRedaction
{
    /// <summary>The field is left out of the log.</summary>
    Remove,

    /// <summary>
    /// The field's value is replaced by its keyed hash, HMAC-SHA256 under <see cref="JsonLinesPredictionLogOptions.HashKey"/>,
    /// written as 64 lowercase hexadecimal digits: equal values give equal hashes, so logs can still be joined on the field by
    /// anyone holding the key, but the value cannot be read back. The hashed bytes are the UTF-8 bytes of the value for a JSON
    /// string, and the UTF-8 bytes of the value's compact JSON text otherwise (<c>42</c>, <c>true</c>, <c>{"a":1}</c>). A null
    /// value stays null.
    /// </summary>
    Hash,
}
