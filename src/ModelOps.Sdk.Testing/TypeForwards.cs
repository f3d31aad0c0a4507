using System.Runtime.CompilerServices;
using ModelOps.Sdk.Testing;

// StorageUnderTest moved to ModelOps.Sdk.Testing.Contract, the framework-neutral checks; test projects compiled against an earlier
// ModelOps.Sdk.Testing still find it here.
#pragma warning disable RS0027 // the forwarded type keeps its older constructor for compatibility
[assembly: TypeForwardedTo(typeof(StorageUnderTest))]
#pragma warning restore RS0027
