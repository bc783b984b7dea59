using System;
using System.Text;

namespace Boundary.Analyzers.Generation.Emit;

/// <summary>The one way generated source is written: lines at an indentation level, blocks that close themselves.</summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder _builder = new();
    private int _level;

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
