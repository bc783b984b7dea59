using System.Collections.Generic;
using System;
using System.Text;

namespace Boundary.Analyzers.Generation.Emit;

/// <summary>The one way generated source is written: lines at an indentation level, blocks that close themselves.</summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder _builder = new();
    private readonly HashSet<(string Library, string EntryPoint)> _imports = new();
    private int _level;

    /// <summary>Every export a <c>[DllImport]</c> written through <see cref="Import"/> names, to check them all at once.</summary>
    public IReadOnlyCollection<(string Library, string EntryPoint)> Imports => _imports;

    /// <summary>Writes the <c>[DllImport]</c> attribute line of an export and records the export.</summary>
    public IndentedWriter Import(string library, string entryPoint)
    {
        _imports.Add((library, entryPoint));
        return Line(StubWriter.DllImportLine(library, entryPoint));
    }

    public IndentedWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _level * 4);
        }

        _builder.Append(text).Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="header"/> and an opening brace; disposing the result closes it.</summary>
    public Block Open(string header)
    {
        Line(header);
        Line("{");
        _level++;
        return new Block(this, "}");
    }

    public Block Indent()
    {
        _level++;
        return new Block(this, null);
    }

    public override string ToString() => _builder.ToString();

    public readonly struct Block : IDisposable
    {
        private readonly IndentedWriter _writer;
        private readonly string? _closing;

        public Block(IndentedWriter writer, string? closing)
        {
            _writer = writer;
            _closing = closing;
        }

        public void Dispose()
        {
            _writer._level--;
            if (_closing is not null)
            {
                _writer.Line(_closing);
            }
        }
    }
}
