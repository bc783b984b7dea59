using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using BoundaryBenchmarks;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

namespace BoundaryBenchmarks
{
    /// <summary>Each pair calls the same native export: generated stub vs hand-written [LibraryImport].</summary>
    [MemoryDiagnoser]
    [CategoriesColumn]
    [GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
    public class StubBenchmarks
    {
        private const string Short = "hello, world";            // 12 chars
        private static readonly string Long = new('x', 1000);
        private const string Name = "Ann";
        private static readonly int[] Ints = Enumerable.Range(1, 64).ToArray();
        private Counter _counter = null!;
        private SerialCounter _serialCounter = null!;
        private HandwrittenCounter _handwrittenCounter = null!;
        private readonly byte[] _heapBuffer = new byte[256];

        [GlobalSetup]
        public void Setup()
        {
            _counter = Generated.CounterNew(1);
            _serialCounter = Generated.SerialCounterNew(1);
            _handwrittenCounter = Handwritten.CounterNew(1);
            // Load Go through the package (behind the signal shim) and prepare this thread, so the raw baseline runs in
            // the same process state as the generated stub; a raw first load would leave the process unprotected.
            _ = GeneratedGo.AddI32(1, 2);
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _counter.Dispose();
            _serialCounter.Dispose();
            _handwrittenCounter.Dispose();
        }

        [Benchmark(Baseline = true), BenchmarkCategory("blittable")]
        public int Blittable_LibraryImport() => Handwritten.AddI32(1, 2);

        [Benchmark, BenchmarkCategory("blittable")]
        public int Blittable_Generated() => Generated.AddI32(1, 2);

        [Benchmark(Baseline = true), BenchmarkCategory("string 12")]
        public ulong String12_LibraryImport() => Handwritten.CstrChecksum(Short);

        [Benchmark, BenchmarkCategory("string 12")]
        public ulong String12_Generated_NulTerminated() => GeneratedC.CstrChecksum(Short);

        [Benchmark, BenchmarkCategory("string 12")]
        public ulong String12_Generated_Slice() => Generated.Utf8Checksum(Short);

        // Diagnostic floor: the slice export with "hello, world" already in UTF-8 — the call and the native hash, no encoding.
        [Benchmark, BenchmarkCategory("string 12")]
        public ulong String12_PreEncoded_Floor() => Handwritten.Utf8ChecksumPreEncoded("hello, world"u8);

        // Diagnostics: the ready bytes copied just before the call, into a buffer in the frame or into a heap array.
        [Benchmark, BenchmarkCategory("string 12")]
        public ulong String12_PreEncoded_CopiedToStack() => Handwritten.Utf8ChecksumCopiedToStack("hello, world"u8);

        [Benchmark, BenchmarkCategory("string 12")]
        public ulong String12_PreEncoded_CopiedToHeap() => Handwritten.Utf8ChecksumCopiedToHeap("hello, world"u8, _heapBuffer);

        [Benchmark(Baseline = true), BenchmarkCategory("string 1000")]
        public ulong String1000_LibraryImport() => Handwritten.CstrChecksum(Long);

        [Benchmark, BenchmarkCategory("string 1000")]
        public ulong String1000_Generated_NulTerminated() => GeneratedC.CstrChecksum(Long);

        [Benchmark, BenchmarkCategory("string 1000")]
        public ulong String1000_Generated_Slice() => Generated.Utf8Checksum(Long);

        [Benchmark(Baseline = true), BenchmarkCategory("handle")]
        public long Handle_LibraryImport() => Handwritten.CounterGet(_handwrittenCounter);

        [Benchmark, BenchmarkCategory("handle")]
        public long Handle_Generated() => Generated.CounterGet(_counter);

        // ThreadSafe = false, uncontended: one lock enter and exit around the call.
        [Benchmark, BenchmarkCategory("handle")]
        public long Handle_Generated_NotThreadSafe() => Generated.SerialCounterGet(_serialCounter);

        // A fresh handle per operation, created the same way in both rows (raw pointer, then the handle's wrapping
        // constructor), so the difference is the move: AddRef + SetHandleAsInvalid vs claim + drain.
        [Benchmark(Baseline = true), BenchmarkCategory("consume")]
        public long Consume_LibraryImport() => Handwritten.CounterIntoValue(new HandwrittenCounter(Handwritten.CounterNewRaw(1)));

        [Benchmark, BenchmarkCategory("consume")]
        public long Consume_Generated() => Generated.CounterIntoValue(new Counter(Handwritten.CounterNewRaw(1), ownsHandle: true));

        [Benchmark(Baseline = true), BenchmarkCategory("go")]
        public int Go_Raw() => Handwritten.GoAddI32(1, 2);

        [Benchmark, BenchmarkCategory("go")]
        public int Go_Generated() => GeneratedGo.AddI32(1, 2);

        [Benchmark(Baseline = true), BenchmarkCategory("string out owned")]
        public string StringOutOwned_LibraryImport() => Handwritten.Greet(Name);

        [Benchmark, BenchmarkCategory("string out owned")]
        public string StringOutOwned_Generated() => Generated.Greet(Name);

        // Diagnostic: hand-written with the strict (throwing) UTF-8 decoding the generated stub enforces.
        [Benchmark, BenchmarkCategory("string out owned")]
        public string StringOutOwned_LibraryImport_StrictUtf8() => Handwritten.GreetStrict(Name);

        [Benchmark(Baseline = true), BenchmarkCategory("string out borrowed")]
        public string StringOutBorrowed_LibraryImport() => Handwritten.Version();

        [Benchmark, BenchmarkCategory("string out borrowed")]
        public string StringOutBorrowed_Generated() => Generated.Version();

        [Benchmark, BenchmarkCategory("string out borrowed")]
        public string StringOutBorrowed_LibraryImport_StrictUtf8() => Handwritten.VersionStrict();

        [Benchmark(Baseline = true), BenchmarkCategory("span in 64")]
        public long SpanIn64_LibraryImport() => Handwritten.SumI32(Ints);

        [Benchmark, BenchmarkCategory("span in 64")]
        public long SpanIn64_Generated() => Generated.SumI32(Ints);

        [Benchmark(Baseline = true), BenchmarkCategory("status code ok")]
        public int StatusOk_LibraryImport() => Handwritten.CheckedDiv(84, 2);

        [Benchmark, BenchmarkCategory("status code ok")]
        public int StatusOk_Generated() => GeneratedStatus.CheckedDiv(84, 2);

        [Benchmark(Baseline = true), BenchmarkCategory("go error code ok")]
        public int GoErrorOk_Raw() => Handwritten.GoDivCode(84, 2);

        [Benchmark, BenchmarkCategory("go error code ok")]
        public int GoErrorOk_Generated() => GeneratedGoErrors.GoDivCode(84, 2);
    }
}
