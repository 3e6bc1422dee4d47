namespace Supervision.Dashboard.Kiosk;

/// <summary>Kiosk access (section <c>Dashboard:Kiosk</c>): read-only tokens for unattended screens.</summary>
public sealed class KioskOptions
{
    /// <summary>The tokens (default none: the kiosk answers 401 to everyone).</summary>
    public List<KioskToken> Tokens { get; set; } = [];
}

/// <summary>One kiosk token and the boards it may show.</summary>
public sealed class KioskToken
{
    /// <summary>Who holds it, for logs (e.g. <c>control-room-wall-1</c>).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The secret in the URL's <c>token=</c>; 16 characters or more.</summary>
    public string Token { get; set; } = string.Empty;

    /// <summary>Board ids it may show, in any order (the rotation follows the files); <c>*</c> for every board.</summary>
    public List<string> Boards { get; set; } = [];

    /// <summary>True when this token may show <paramref name="boardId"/>.</summary>
    public bool Allows(string boardId) => Boards.Contains("*") || Boards.Contains(boardId);
}
