using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Linq;
using System.Runtime.InteropServices;

namespace AnalyzerCpuTime;

/// <summary>
/// What the package's callbacks allocate, by type: the runtime's allocation ticks (one about every 100 KB a thread
/// allocates) that fall inside a timed callback on the same thread (ALLOCATIONS=1).
/// </summary>
internal sealed class AllocationTypes : EventListener
{
    private readonly ConcurrentQueue<(long Thread, DateTime At, string Type, long Bytes)> ticks = new();
    private readonly ConcurrentQueue<(long Thread, DateTime Start, DateTime End, string Name)> callbacks = new();

    public static AllocationTypes? Current { get; set; }

    public void Callback(string name, DateTime start) => callbacks.Enqueue((NativeMethods.gettid(), start, DateTime.UtcNow, name));

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null)
        {
            return;
        }

        int typeIndex = e.PayloadNames!.IndexOf("TypeName");
        int amountIndex = e.PayloadNames.IndexOf("AllocationAmount64");
        ticks.Enqueue((e.OSThreadId, e.TimeStamp.ToUniversalTime(), typeIndex >= 0 ? e.Payload[typeIndex]?.ToString() ?? "?" : "?", amountIndex >= 0 ? Convert.ToInt64(e.Payload[amountIndex]) : 100_000));
    }

    public void Print(int compilations)
    {
        System.Threading.Thread.Sleep(2000); // events arrive late
        var byThread = callbacks.GroupBy(c => c.Thread).ToDictionary(g => g.Key, g => g.OrderBy(c => c.Start).ToList());
        var byType = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var tick in ticks)
        {
            if (!byThread.TryGetValue(tick.Thread, out var list))
            {
                continue;
            }

            foreach (var c in list)
            {
                if (c.Start <= tick.At && tick.At <= c.End)
                {
                    string key = $"{c.Name}: {tick.Type}";
                    byType[key] = byType.TryGetValue(key, out long sum) ? sum + tick.Bytes : tick.Bytes;
                    break;
                }
            }
        }

        Console.WriteLine($"allocation samples inside the package's callbacks, by analyzer and type (MB per compilation over {compilations})");
        foreach ((string type, long amount) in byType.OrderByDescending(p => p.Value).Take(60))
        {
            Console.WriteLine($"{amount / 1e6 / compilations,8:0.00} {type}");
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc")]
        public static extern int gettid();
    }
}
