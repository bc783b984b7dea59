using Boundary.Analyzers.Generation.Emit;

namespace Boundary.Analyzers.Binding.Families.Handles;

/// <summary>What returned and <c>out</c> handles share: refusing a null handle where one was promised.</summary>
internal static class HandleCode
{
    /// <summary>Throws a contract exception when <paramref name="native"/> is 0; <paramref name="what"/> says what native code did.</summary>
    public static void ThrowIfNull(IndentedWriter writer, string native, string where, string what, string handleType)
    {
        using (writer.Open($"if ({native} == 0)"))
        {
            writer.Line($"throw new {Names.ContractException}({where}, \"{what} where a '{handleType.Substring(handleType.LastIndexOf('.') + 1)}' was expected\");");
        }
    }
}
