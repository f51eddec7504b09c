using ResolutionWorkflow.Integration.Tests.Support;

namespace ResolutionWorkflow.Integration.Tests.Deployment;

/// <summary>The published application as the README's quick start runs it: embedded defaults, demo data, no settings.</summary>
[Trait("Category", "Cluster")]
public sealed class QuickStartTests
{
    [Fact]
    public async Task Without_a_public_address_mail_links_point_where_the_application_listens_and_it_says_so()
    {
        var data = Path.Combine(Path.GetTempPath(), "rw-quickstart-" + Guid.NewGuid().ToString("N"));
        var port = AppProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Database__DataFolder"] = data,
            ["Demo__Enabled"] = "true",
        };
        await using var app = await AppProcess.StartAsync("quick-start", [], environment, new Uri($"http://127.0.0.1:{port}"), Path.Combine(data, "logs"));
        try
        {
            await app.WaitReadyAsync(TimeSpan.FromSeconds(120));
            // The demo's review requests go out as mail to the pickup folder.
            var mail = Path.Combine(data, "mail");
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (!Directory.Exists(mail) || Directory.GetFiles(mail, "*.eml").Length == 0)
            {
                Assert.True(DateTime.UtcNow < until, "no demo mail in 60 s:\n" + app.Tail());
                await Task.Delay(500);
            }
            // The sender renames a message into place once it is whole: every file found is a whole mail.
            var links = Directory.GetFiles(mail, "*.eml").SelectMany(f => System.Text.RegularExpressions.Regex.Matches(MimeKit.MimeMessage.Load(f).TextBody ?? "", @"https?://\S+/resolutions/[0-9a-f-]{36}").Select(m => m.Value)).ToList();
            Assert.NotEmpty(links);
            Assert.All(links, l => Assert.StartsWith($"http://127.0.0.1:{port}/resolutions/", l, StringComparison.Ordinal));
            Assert.Contains("set Mail__BaseUrl", File.ReadAllText(app.LogPath), StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync(TimeSpan.FromSeconds(30));
            if (Directory.Exists(data)) { Directory.Delete(data, recursive: true); }
        }
    }
}
