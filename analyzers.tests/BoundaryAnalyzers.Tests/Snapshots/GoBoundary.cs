using Boundary;

namespace Snapshots.Go;

[ForeignHandle(Release = "kv_store_free")]
public sealed partial class Store;

public static partial class Outer
{
    [ForeignBoundary("kv", Language = ForeignLanguage.Go)]
    internal static partial class Kv
    {
        public static partial Store StoreNew();
        public static partial bool Put(Store store, ulong key, double value);
        public static partial ulong Drain([Consumed] Store store);
    }
}
