using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ResolutionWorkflow.App.Notifications;

/// <summary>Hands a finished message to the mail system; throws when it could not, so the job is retried.</summary>
public interface IMailSender
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>The embedded default: one .eml file per message, named by its Message-ID, so no mail server is needed.</summary>
public sealed class PickupFolderMailSender(string folder) : IMailSender
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        Directory.CreateDirectory(folder);
        var id = message.MessageId ?? throw new ArgumentException("a message needs a Message-ID", nameof(message));
        var name = string.Concat(id.Split(Path.GetInvalidFileNameChars())) + ".eml";
        var temporary = Path.Combine(folder, name + ".tmp");
        await message.WriteToAsync(temporary, ct).ConfigureAwait(false);
        // Rename last: a reader never sees half a message.
        File.Move(temporary, Path.Combine(folder, name), overwrite: true);
    }
}

/// <summary>MailKit over SMTP: plain, STARTTLS or TLS, with credentials when given.</summary>
public sealed class SmtpMailSender(SmtpOptions options) : IMailSender
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        var security = options.Security switch
        {
            SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.None,
        };
        await client.ConnectAsync(options.Host, options.Port, security, ct).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(options.Username))
        {
            await client.AuthenticateAsync(options.Username, options.Password ?? "", ct).ConfigureAwait(false);
        }
        await client.SendAsync(message, ct).ConfigureAwait(false);
        await client.DisconnectAsync(quit: true, ct).ConfigureAwait(false);
    }
}
