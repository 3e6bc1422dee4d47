using Supervision.Core.Common;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Supervision.Core.Tests.Common;

public sealed class YamlTextTests
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();

    [Fact]
    public void a_document_that_fits_the_type_is_read()
    {
        Assert.True(YamlText.TryDeserialize<Settings>(Deserializer, "group_wait: 30s\nrepeat: 3\n", out var settings, out _, out _));
        Assert.Equal(("30s", 3), (settings!.GroupWait, settings.Repeat));
    }

    [Fact]
    public void an_unknown_key_names_its_line_and_the_key_without_the_librarys_mark()
    {
        Assert.False(YamlText.TryDeserialize<Settings>(Deserializer, "repeat: 3\ngroup_wiat: 30s\n", out _, out var line, out var message));
        Assert.Equal(2, line);
        Assert.Contains("group_wiat", message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Line:", message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_scalar_of_the_wrong_kind_says_why_it_did_not_convert()
    {
        Assert.False(YamlText.TryDeserialize<Settings>(Deserializer, "repeat: often\n", out _, out var line, out var message));
        Assert.Equal(1, line);
        Assert.Contains("often", message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The inputs fuzzing found making YamlDotNet's parser throw ArgumentException: refused with a line both ways in (the
    /// deserializer wraps the library's complaint, the loader names the malformed text).
    /// </summary>
    [Theory]
    [InlineData("version: 1\nunits:\n :\n")]
    [InlineData("a:\n :\nb: 1\n")]
    public void text_that_makes_the_library_throw_is_malformed_yaml_with_a_line_both_ways(string yaml)
    {
        Assert.False(YamlText.TryDeserialize<Dictionary<string, object>>(Deserializer, yaml, out _, out var line, out var message));
        Assert.False(YamlText.TryLoad(new StringReader(yaml), out _, out var loadLine, out var loadMessage));
        Assert.StartsWith("malformed YAML near this line", loadMessage, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.InRange(line, 1, 4);
        Assert.InRange(loadLine, 1, 4);
    }

    private sealed class Settings
    {
        public string? GroupWait { get; set; }

        public int Repeat { get; set; }
    }
}
