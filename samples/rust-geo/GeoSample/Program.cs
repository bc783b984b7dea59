using Boundary;
using GeoSample;

(string Name, LatLon Where)[] cities =
[
    ("Paris", new(48.8566, 2.3522)),
    ("London", new(51.5074, -0.1278)),
    ("Berlin", new(52.5200, 13.4050)),
    ("Madrid", new(40.4168, -3.7038)),
    ("Rome", new(41.9028, 12.4964)),
];
(string Name, LatLon Where)[] nordics =
[
    ("Oslo", new(59.9139, 10.7522)),
    ("Stockholm", new(59.3293, 18.0686)),
    ("Copenhagen", new(55.6761, 12.5683)),
];

Console.WriteLine($"Paris -> London: {Geo.DistanceKm(cities[0].Where, cities[1].Where):F1} km");

using (GeoIndex europe = Geo.IndexNew(capacityHint: 16))
{
    for (int i = 0; i < cities.Length; i++)
    {
        Geo.IndexInsert(europe, (ulong)i, cities[i].Where);
    }

    GeoIndex north = Geo.IndexNew(capacityHint: 4);
    for (int i = 0; i < nordics.Length; i++)
    {
        Geo.IndexInsert(north, (ulong)(cities.Length + i), nordics[i].Where);
    }

    Console.WriteLine($"live Rust indexes: {Geo.LiveIndexes()}");
    ulong total = Geo.IndexAbsorb(europe, north); // Rust now owns and frees `north`.
    Console.WriteLine($"absorbed the Nordic index: {total} points, live Rust indexes: {Geo.LiveIndexes()}");

    var all = cities.Concat(nordics).ToArray();
    var zurich = new LatLon(47.3769, 8.5417);
    if (Geo.IndexNearest(europe, zurich, out ulong nearest, out double km))
    {
        Console.WriteLine($"nearest to Zurich: {all[nearest].Name} ({km:F1} km)");
    }

    Console.WriteLine($"within 1000 km of Zurich: {Geo.IndexWithin(europe, zurich, 1000)} cities");

    // Strings, spans, buffers and errors.
    Console.WriteLine($"{Geo.Version()}: {Geo.Describe(europe)}");
    LatLon lisbon = Geo.ParseLatLon("38.7223, -9.1393");
    ulong count = Geo.IndexExtend(europe, 100, [lisbon, new(50.8503, 4.3517)]);
    using (NativeBuffer<ulong> ids = Geo.IndexIds(europe))
    {
        Console.WriteLine($"{count} points, ids {string.Join(",", ids.Span.ToArray())}; id 100 is at {Geo.IndexGet(europe, 100)}");
    }

    try
    {
        Geo.IndexGet(europe, 999);
    }
    catch (KeyNotFoundException e)
    {
        Console.WriteLine($"KeyNotFoundException: {e.Message}");
    }

    try
    {
        Geo.ParseLatLon("91, 0");
    }
    catch (FormatException e) when (e.InnerException is ForeignException<GeoError> { Code: GeoError.InvalidArgument })
    {
        Console.WriteLine($"FormatException: {e.Message}");
    }

    // Callbacks: Rust calls the lambda with each point's id and LatLon, until it returns false.
    string NameOf(ulong id) => id < (ulong)all.Length ? all[id].Name : id == 100 ? "Lisbon" : "Brussels";
    LatLon northmost = default;
    ulong northId = 0;
    ulong walked = Geo.IndexForEach(europe, (id, p) =>
    {
        if (p.Lat > northmost.Lat) (northmost, northId) = (p, id);
        return true;
    });
    ulong beforeNorth = Geo.IndexForEach(europe, (id, p) => p.Lat < 55);
    Console.WriteLine($"walked {walked} points in Rust: northernmost {NameOf(northId)} ({northmost.Lat:F2}°N); the walk stopping at 55°N made {beforeNorth} calls");
    try
    {
        Geo.IndexForEach(europe, (id, p) => id < 2 ? true : throw new InvalidOperationException($"visitor refused id {id}"));
    }
    catch (InvalidOperationException e)
    {
        Console.WriteLine($"a throwing visitor stops the walk, rethrown after Rust returns: {e.Message}");
    }

    // Async: the brute-force search runs on a Rust worker thread; its done callback completes the task.
    PointPair far = await Geo.IndexFarthestPairAsync(europe, CancellationToken.None);
    Console.WriteLine($"farthest apart: {NameOf(far.A)} - {NameOf(far.B)}, {far.DistanceKm:F1} km");
}

// Cancellation: 20,000 points are 200 million pairs, seconds of work; the token cancels after 50 ms and geo_cancel
// stops the worker between rows, which then completes, so the task ends cancelled and nothing is left pending.
using (GeoIndex grid = Geo.IndexNew(capacityHint: 0))
{
    var points = new LatLon[20_000];
    for (int i = 0; i < points.Length; i++)
    {
        points[i] = new LatLon(-80 + 160.0 * (i / 200) / 99, -180 + 360.0 * (i % 200) / 200);
    }

    Geo.IndexExtend(grid, 0, points);
    using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
    try
    {
        PointPair pair = await Geo.IndexFarthestPairAsync(grid, timeout.Token);
        Console.WriteLine($"not cancelled: {pair}");
    }
    catch (OperationCanceledException e)
    {
        Console.WriteLine($"farthest pair of 20,000 points, cancelled after 50 ms: {e.GetType().Name}: {e.Message} (pending Rust operations: {Geo.PendingOperations()})");
    }
}

Console.WriteLine($"live Rust indexes after dispose: {Geo.LiveIndexes()}");
