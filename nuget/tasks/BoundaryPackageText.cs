// Compiled by RoslynCodeTaskFactory (nuget/PackageFiles.targets) at pack time; not part of any shipped assembly.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// The package's texts from the repository's: the README with every relative link absolute (the package gallery
/// resolves none), and the release notes (the version's section of the changelog).
/// </summary>
public sealed class BoundaryPackageText : Task
{
    private static readonly Regex InlineLink = new(@"(?<bang>!?)\[(?:[^\[\]]|\[[^\[\]]*\])*\]\((?<target><[^>\n]*>|[^\s)]+)", RegexOptions.Compiled);

    private static readonly Regex ReferenceDefinition = new(@"^(?<lead> {0,3}\[[^\]]+\]:\s*)(?<target><[^>\n]*>|\S+)", RegexOptions.Compiled);

    private static readonly Regex HtmlAttribute = new(@"\b(?<attr>href|src)\s*=\s*""(?<target>[^""]*)""", RegexOptions.Compiled | RegexOptions.IgnoreCase);

    private static readonly Regex Scheme = new(@"^[A-Za-z][A-Za-z0-9+.\-]*:", RegexOptions.Compiled);

    private static readonly Regex Fence = new(@"^\s*(?<fence>`{3,}|~{3,})", RegexOptions.Compiled);

    [Required]
    public string Readme { get; set; } = "";

    [Required]
    public string ReadmeOutput { get; set; } = "";

    [Required]
    public string Changelog { get; set; } = "";

    [Required]
    public string Version { get; set; } = "";

    [Required]
    public string RepositoryUrl { get; set; } = "";

    [Output]
    public string ReleaseNotes { get; set; } = "";

    public override bool Execute()
    {
        string repository = RepositoryUrl.TrimEnd('/');
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(ReadmeOutput)));
        string readme = MakeLinksAbsolute(File.ReadAllText(Readme), repository, "README.md");
        if (!File.Exists(ReadmeOutput) || File.ReadAllText(ReadmeOutput) != readme)
        {
            File.WriteAllText(ReadmeOutput, readme);
        }

        string section = VersionSection(File.ReadAllText(Changelog), Version);
        if (section is null)
        {
            Log.LogError($"{Path.GetFileName(Changelog)} has no '## {Version}' section: write what this version changes for users there (it becomes the package's release notes), or set the version in eng/Version.props.");
            return false;
        }

        string changelogName = Path.GetFileName(Changelog);
        ReleaseNotes = MakeLinksAbsolute(section, repository, changelogName) + $"\n\nEvery release: {repository}/blob/main/{changelogName}";
        return true;
    }

    /// <summary>The lines after '## {version}' (or '## [version]', '## version (date)') up to the next '## '.</summary>
    private static string VersionSection(string changelog, string version)
    {
        var heading = new Regex(@"^##\s+\[?v?" + Regex.Escape(version) + @"\]?(\s|$)");
        var lines = new List<string>();
        bool inside = false;
        foreach (string line in changelog.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (inside)
                {
                    break;
                }

                inside = heading.IsMatch(line);
                continue;
            }

            if (inside)
            {
                lines.Add(line);
            }
        }

        string text = string.Join("\n", lines).Trim();
        return text.Length > 0 ? text : null;
    }

    /// <summary>Markdown with every relative link target made absolute; fenced code blocks and code spans untouched.</summary>
    public static string MakeLinksAbsolute(string markdown, string repository, string documentPath)
    {
        var output = new StringBuilder(markdown.Length + 4096);
        string openFence = null;
        string[] lines = markdown.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            Match fence = Fence.Match(line);
            if (openFence is null && fence.Success)
            {
                openFence = fence.Groups["fence"].Value;
            }
            else if (openFence is not null)
            {
                if (fence.Success && fence.Groups["fence"].Value[0] == openFence[0] && fence.Groups["fence"].Value.Length >= openFence.Length && line.Trim().Trim(openFence[0]).Length == 0)
                {
                    openFence = null;
                }
            }
            else
            {
                line = RewriteLine(line, repository, documentPath);
            }

            output.Append(line);
            if (i < lines.Length - 1)
            {
                output.Append('\n');
            }
        }

        return output.ToString();
    }

    private static string RewriteLine(string line, string repository, string documentPath)
    {
        List<(int Start, int End)> code = CodeSpans(line);
        bool InCode(int index) => code.Exists(span => index >= span.Start && index < span.End);

        line = ReferenceDefinition.Replace(line, m => InCode(m.Index) ? m.Value : m.Groups["lead"].Value + Absolute(m.Groups["target"].Value, image: false, repository, documentPath));
        code = CodeSpans(line);
        line = InlineLink.Replace(line, m =>
        {
            Group target = m.Groups["target"];
            if (InCode(target.Index))
            {
                return m.Value;
            }

            string absolute = Absolute(target.Value, m.Groups["bang"].Value == "!", repository, documentPath);
            return m.Value.Substring(0, target.Index - m.Index) + absolute;
        });
        code = CodeSpans(line);
        return HtmlAttribute.Replace(line, m =>
        {
            Group target = m.Groups["target"];
            if (InCode(target.Index))
            {
                return m.Value;
            }

            bool image = string.Equals(m.Groups["attr"].Value, "src", StringComparison.OrdinalIgnoreCase);
            return m.Value.Substring(0, target.Index - m.Index) + Absolute(target.Value, image, repository, documentPath) + "\"";
        });
    }

    private static string Absolute(string target, bool image, string repository, string documentPath)
    {
        bool angle = target.StartsWith("<", StringComparison.Ordinal) && target.EndsWith(">", StringComparison.Ordinal);
        string path = angle ? target.Substring(1, target.Length - 2) : target;
        if (path.Length == 0 || Scheme.IsMatch(path) || path.StartsWith("//", StringComparison.Ordinal))
        {
            return target;
        }

        if (path.StartsWith("#", StringComparison.Ordinal))
        {
            path = documentPath + path;
        }

        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path.Substring(2);
        }

        string absolute = repository + (image ? "/raw/main/" : "/blob/main/") + path.TrimStart('/');
        return angle ? "<" + absolute + ">" : absolute;
    }

    /// <summary>The [start, end) ranges of the line's code spans: a run of n backticks up to the next run of exactly n.</summary>
    private static List<(int Start, int End)> CodeSpans(string line)
    {
        var spans = new List<(int, int)>();
        int i = 0;
        while (i < line.Length)
        {
            if (line[i] != '`')
            {
                i++;
                continue;
            }

            int start = i;
            while (i < line.Length && line[i] == '`')
            {
                i++;
            }

            int run = i - start;
            int close = -1;
            for (int j = i; j < line.Length;)
            {
                if (line[j] != '`')
                {
                    j++;
                    continue;
                }

                int closeStart = j;
                while (j < line.Length && line[j] == '`')
                {
                    j++;
                }

                if (j - closeStart == run)
                {
                    close = j;
                    break;
                }
            }

            if (close < 0)
            {
                continue;
            }

            spans.Add((start, close));
            i = close;
        }

        return spans;
    }
}
