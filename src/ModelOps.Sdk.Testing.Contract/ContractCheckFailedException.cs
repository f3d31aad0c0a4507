namespace ModelOps.Sdk.Testing;

/// <summary>A failed assertion inside a contract check; the check turns it into a <see cref="StorageContractViolationException"/> naming the rule.</summary>
internal sealed class ContractCheckFailedException(string message, Exception? innerException = null) : Exception(message, innerException);
