namespace Supervision.Fuzz;

/// <summary>
/// One parser or loader under fuzzing: how to feed it bytes, what it may throw (its own typed error), the
/// seeds and the tokens mutations splice in.
/// </summary>
/// <param name="Name">Command-line name.</param>
/// <param name="Run">Feeds one input; returns a short outcome text (what it accepted or the error's kind), used as feedback.</param>
/// <param name="Allowed">Exception types the code under test documents as its own errors; anything else is a finding.</param>
/// <param name="Seeds">Valid and near-valid inputs to start from.</param>
/// <param name="Tokens">Fragments of the format that mutations insert.</param>
internal sealed record FuzzTarget(string Name, Func<byte[], string> Run, IReadOnlyList<Type> Allowed, IReadOnlyList<string> Seeds, IReadOnlyList<string> Tokens);
