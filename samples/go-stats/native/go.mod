module boundaryanalyzers.dev/samples/stats

go 1.21

// The helper package travels in the BoundaryAnalyzers package: <ForeignLibrary> builds point a go.work in obj at it
// (outside MSBuild: a go.work with "replace boundaryanalyzers.dev/boundary => <BoundaryGoHelpersDir>").
require boundaryanalyzers.dev/boundary v0.0.0
