namespace Boundary;

/// <summary>
/// The native side broke the contract its declaration states, for example by returning a null handle from a function
/// declared to return a non-nullable handle. Never thrown for a native error the library reports itself.
/// </summary>
public sealed class ForeignContractException : ForeignException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="library">The library name of the boundary.</param>
    /// <param name="function">The exported symbol.</param>
    /// <param name="violation">What the native side did, e.g. "returned a null handle where a 'GeoIndex' was expected".</param>
    public ForeignContractException(string library, string function, string violation)
        : base(library, function, nativeCode: 0, nativeMessage: null, message: $"{library}!{function} {violation}.")
    {
    }
}
