namespace Supervision.Alerting.OnCall;

/// <summary>A person who can be paged.</summary>
/// <param name="Name">Short unique name.</param>
/// <param name="FullName">Display name.</param>
/// <param name="Receiver">Receiver that reaches the person (e-mail or chat).</param>
/// <param name="Address">The person's address on that receiver (e-mail address, chat id).</param>
public sealed record OnCallUser(string Name, string FullName, string Receiver, string? Address);
