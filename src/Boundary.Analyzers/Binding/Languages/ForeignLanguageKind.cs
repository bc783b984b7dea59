using Boundary.Analyzers.Binding.Native;
using Boundary.Analyzers.Binding.Support;
using Boundary.Analyzers.Generation.Emit;

namespace Boundary.Analyzers.Binding.Languages;

/// <summary>
/// The language a library is written in (<c>Boundary.ForeignLanguage</c>), and what that changes: how a handle looks
/// natively and what a stub does before calling. One instance per language; value-equal by identity.
/// </summary>
internal abstract class ForeignLanguageKind
{
    /// <summary>Rust cdylibs (the default): handles are <c>Box::into_raw</c> pointers.</summary>
    public static readonly ForeignLanguageKind Rust = new RustLanguage();

    /// <summary>Go c-shared libraries: handles are <c>runtime/cgo.Handle</c> values; every call runs behind the Go preparation.</summary>
    public static readonly ForeignLanguageKind Go = new GoLanguage();

    /// <summary>Every language, indexed by its <c>Boundary.ForeignLanguage</c> value.</summary>
    public static readonly ForeignLanguageKind[] All = { Rust, Go };

    /// <summary>The <c>Boundary.ForeignLanguage</c> value.</summary>
    public abstract int Value { get; }

    /// <summary>The <c>Boundary.ForeignLanguage</c> member name.</summary>
    public abstract string Name { get; }

    /// <summary>How a handle is declared natively.</summary>
    public abstract CType Handle { get; }

    /// <summary>Whether loading the library starts a Go runtime (at most one per process, BND5001).</summary>
    public virtual bool StartsGoRuntime => false;

    /// <summary>A statement each stub and release runs before calling the library, or null.</summary>
    public virtual string? PrepareCall => null;

    /// <summary>The members a boundary of this language needs besides its stubs.</summary>
    public virtual SupportMember[] Support => System.Array.Empty<SupportMember>();

    /// <summary>The language of an attribute's <c>Language</c> value; unknown values are Rust, the default.</summary>
    public static ForeignLanguageKind FromValue(int value) => value >= 0 && value < All.Length ? All[value] : Rust;

    public override string ToString() => Name;

    private sealed class RustLanguage : ForeignLanguageKind
    {
        public override int Value => 0;

        public override string Name => "Rust";

        public override CType Handle { get; } = CType.Void.PointerTo();
    }

    private sealed class GoLanguage : ForeignLanguageKind
    {
        public override int Value => 1;

        public override string Name => "Go";

        public override CType Handle => CType.UIntPtr;

        public override bool StartsGoRuntime => true;

        public override string PrepareCall => Names.GoPrepareLibrary;

        public override SupportMember[] Support => new SupportMember[] { GoLibraryHolder.Instance };
    }
}
