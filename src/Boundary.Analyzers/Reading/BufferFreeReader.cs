using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Boundary.Analyzers.Binding.Families.Buffers;
using Boundary.Analyzers.Binding.Lengths;
using Boundary.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RefKind = Microsoft.CodeAnalysis.RefKind;

namespace Boundary.Analyzers.Reading;

/// <summary>
/// Reads how a boundary frees its buffers: the <c>[BufferFree]</c> method if it declares one, else the <c>(ptr)</c>
/// export <c>BufferFree</c> names. Reports every way the declaration cannot be called as it says (BND1012): a free
/// function that would receive a missing or wrong length must be a build error, never a silent bad free.
/// </summary>
internal static class BufferFreeReader
{
    /// <summary>The boundary's buffer-free declaration: the function the stubs call, and what is wrong with it.</summary>
    internal sealed class Declaration
    {
        public Declaration(BufferFreeFunction function, IMethodSymbol? method, string? problem, Dictionary<IMethodSymbol, string> methodProblems)
        {
            Function = function;
            Method = method;
            Problem = problem;
            MethodProblems = methodProblems;
        }

        /// <summary>What the stubs call.</summary>
        public BufferFreeFunction Function { get; }

        /// <summary>The <c>[BufferFree]</c> method whose stub frees, or null for the imported export.</summary>
        public IMethodSymbol? Method { get; }

        /// <summary>Why the declaration cannot be used; every function that hands out an owned buffer then throws it instead of calling native code.</summary>
        public string? Problem { get; }

        /// <summary>The problems of each <c>[BufferFree]</c> method, which its generated body throws.</summary>
        public Dictionary<IMethodSymbol, string> MethodProblems { get; }

        /// <summary>Whether <paramref name="method"/> is marked <c>[BufferFree]</c>: it then has no error shape.</summary>
        public bool IsFree(IMethodSymbol method) => MethodProblems.ContainsKey(method) || SymbolEqualityComparer.Default.Equals(method, Method);
    }

    public static Declaration Read(INamedTypeSymbol boundary, AttributeData attribute, LengthType length, string? lengthProblem, ProblemSink sink)
    {
        var methods = boundary.GetMembers().OfType<IMethodSymbol>()
            .Where(m => m.MethodKind == MethodKind.Ordinary && m.GetAttributes().Has(KnownNames.Attribute.BufferFree))
            .ToList();
        var methodProblems = new Dictionary<IMethodSymbol, string>(SymbolEqualityComparer.Default);
        if (methods.Count == 0)
        {
            return new Declaration(BufferFreeFunction.Import, null, null, methodProblems);
        }

        IMethodSymbol free = methods[0];
        string? problem = null;

        void Report(IMethodSymbol method, Location? location, string message, ImmutableDictionary<string, string?>? properties = null)
        {
            sink.Report(Rules.BufferFreeInvalid, location, properties ?? ImmutableDictionary<string, string?>.Empty, message);
            if (!methodProblems.ContainsKey(method))
            {
                methodProblems[method] = message;
            }
        }

        foreach (IMethodSymbol second in methods.Skip(1))
        {
            Report(second, second.IdentifierLocation(),
                $"Boundary '{boundary.Name}' declares a second buffer-free function '{second.Name}' ('{free.Name}' is the first): one function frees every buffer a boundary hands out; declare buffers freed differently in a boundary of their own");
        }

        if (attribute.Named<string>("BufferFree") is { } named)
        {
            Report(free, NamedArgumentLocation(attribute, boundary, "BufferFree"),
                $"Boundary '{boundary.Name}' names its buffer-free function twice: BufferFree = \"{named}\" and [BufferFree] '{free.Name}'; remove BufferFree = \"{named}\", the method is the declaration the stubs call",
                Property(DiagnosticProperties.RemoveArgument, "BufferFree"));
        }

        if (!free.IsPartialDefinition)
        {
            // Not a boundary function: BND1002 says why; no stub would call it.
            methodProblems[free] = $"'{free.Name}' is not a 'static partial' method without a body";
        }

        var syntax = free.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() as MethodDeclarationSyntax;
        if (!free.ReturnsVoid)
        {
            Report(free, syntax?.ReturnType.GetLocation() ?? free.IdentifierLocation(),
                $"Buffer-free function '{free.Name}' returns '{free.ReturnType.ToDisplayString()}': declare it 'void', a free function has no result",
                Property(DiagnosticProperties.ReturnVoid, "true"));
        }

        if (free.GetAttributes().Find(KnownNames.Attribute.ForeignFunction) is { } function
            && function.NamedOr("ErrorShape", -1) is not -1 and not 0)
        {
            Report(free, function.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? free.IdentifierLocation(),
                $"Buffer-free function '{free.Name}' declares an error shape: a free function cannot fail, and runs on the finalizer thread where nothing could catch an error; remove ErrorShape");
        }

        string pointerType = "void*";
        string? elementType = null;
        int arity = free.Parameters.Length;
        if (arity is < 1 or > 3)
        {
            Report(free, free.IdentifierLocation(),
                $"Buffer-free function '{free.Name}' takes {arity} parameters: declare (pointer), (pointer, length) or (pointer, length, capacity), lengths in elements");
        }
        else
        {
            IParameterSymbol pointer = free.Parameters[0];
            if (pointer.Type is IPointerTypeSymbol pointerSymbol && pointer.RefKind == RefKind.None)
            {
                pointerType = TypeMapping.Display(pointer.Type);
                elementType = pointerSymbol.PointedAtType.SpecialType == SpecialType.System_Void ? null : TypeMapping.Display(pointerSymbol.PointedAtType);
            }
            else
            {
                Report(free, TypeLocation(pointer),
                    $"The first parameter of buffer-free function '{free.Name}', '{pointer.Name}', is {Passed(pointer)}: declare the buffer's pointer, 'void*' or a pointer to its elements ('byte*')");
            }

            string[] roles = { "length", "capacity" };
            if (lengthProblem is not null && arity > 1 && !methodProblems.ContainsKey(free))
            {
                methodProblems[free] = lengthProblem; // BND1015 on the boundary says why; its lengths cannot be checked
            }

            for (int i = 1; lengthProblem is null && i < arity; i++)
            {
                IParameterSymbol parameter = free.Parameters[i];
                if (LengthType.Of(parameter.Type) != length || parameter.RefKind != RefKind.None)
                {
                    Report(free, TypeLocation(parameter),
                        $"The {roles[i - 1]} '{parameter.Name}' of buffer-free function '{free.Name}' is {Passed(parameter)}, but the boundary's lengths are '{length.Keyword}' ({length.Native}): declare it '{length.Keyword}'"
                        + (length == LengthType.Size && parameter.RefKind == RefKind.None && LengthType.Of(parameter.Type) is { } other ? $", or set LengthType = typeof({other.Keyword}) on [ForeignBoundary]" : ""),
                        Property(DiagnosticProperties.LengthType, length.Keyword));
                }
            }
        }

        methodProblems.TryGetValue(free, out problem);
        return new Declaration(
            new BufferFreeFunction(SymbolFacts.EscapeIdentifier(free.Name), pointerType, elementType, arity, length),
            free,
            problem is null ? null : $"its buffer-free function '{free.Name}' is invalid: {problem}",
            methodProblems);
    }

    /// <summary>
    /// Checks an owned buffer <paramref name="value"/> of <paramref name="method"/> against the free function: a typed
    /// pointer frees buffers of that element type only (a length would otherwise count the wrong elements).
    /// </summary>
    public static void CheckUse(Declaration free, IMethodSymbol method, ValueModel value, Location? location, ProblemSink sink, ref string? problem)
    {
        if (free.Problem is not null)
        {
            // Reported once, on the free function; the stub throws instead of handing out a buffer it cannot free.
            problem ??= $"'{method.Name}' hands out a buffer, but {free.Problem}";
            return;
        }

        if (free.Function.ElementType is { } element && value.ElementType != element)
        {
            string message = $"'{method.Name}' hands out '{value.ManagedType.Replace("global::", "")}', but buffer-free function '{free.Method!.Name}' takes '{free.Function.PointerType.Replace("global::", "")}': it frees '{element.Replace("global::", "")}' buffers, and would count this one's length in the wrong elements; declare its pointer 'void*' if it frees buffers of every element type, or move '{method.Name}' to a boundary whose free function takes '{value.ElementType?.Replace("global::", "")}*'";
            sink.Report(Rules.BufferFreeInvalid, location, message);
            problem ??= message;
        }
    }

    private static string Passed(IParameterSymbol parameter)
        => parameter.RefKind == RefKind.None ? $"'{parameter.Type.ToDisplayString()}'" : $"passed by reference ('{parameter.Type.ToDisplayString()}')";

    private static Location? TypeLocation(IParameterSymbol parameter)
        => (parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() as ParameterSyntax)?.Type?.GetLocation() ?? parameter.Locations.FirstOrDefault();

    private static ImmutableDictionary<string, string?> Property(string key, string value)
        => ImmutableDictionary<string, string?>.Empty.Add(key, value);

    /// <summary>Where the attribute sets <paramref name="name"/>, else the attribute.</summary>
    public static Location? NamedArgumentLocation(AttributeData attribute, ISymbol owner, string name)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax syntax)
        {
            foreach (AttributeArgumentSyntax argument in syntax.ArgumentList?.Arguments ?? default)
            {
                if (argument.NameEquals?.Name.Identifier.Text == name)
                {
                    return argument.GetLocation();
                }
            }

            return syntax.GetLocation();
        }

        return owner.IdentifierLocation();
    }
}
