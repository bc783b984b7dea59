// The native libraries count live objects process-wide; tests assert exact counts, so they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
