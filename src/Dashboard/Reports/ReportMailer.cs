using MimeKit;
using Supervision.Core.Mail;

namespace Supervision.Dashboard.Reports;

/// <summary>Mails an archived report as a PDF attachment through Core's SMTP sender (the one Alerting's e-mail receivers use).</summary>
public sealed class ReportMailer(ReportOptions options, TimeProvider time)
{
    /// <summary>The message for <paramref name="record"/> (public for tests).</summary>
    public MimeMessage Build(ReportRecord record, byte[] pdf, IReadOnlyList<string> recipients)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(recipients);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.Smtp.From));
        foreach (var to in recipients)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        message.Subject = record.Title;
        message.Date = time.GetUtcNow();
        message.Headers.Add("X-Supervision-Report", record.Id);
        // The same id on a repeat after a crash between "accepted" and "recorded": a mail system can drop the repeat.
        message.MessageId = SmtpSender.MessageId("report:" + record.Id);
        var link = options.PublicUrl is { } url ? $"{Environment.NewLine}Lưu trữ các báo cáo: {new Uri(url, "/reports")}{Environment.NewLine}" : string.Empty;
        var body = new BodyBuilder
        {
            TextBody = $"""
                Kính gửi đồng chí,

                Hệ thống giám sát gửi kèm {record.Title} (số liệu từ {SummaryText.Instant(record.PeriodStart)} đến {SummaryText.Instant(record.PeriodEnd)}, giờ Việt Nam), so sánh với kỳ trước.
                {link}
                Thư này được gửi tự động; xin không trả lời.
                """,
        };
        body.Attachments.Add(record.Id + ".pdf", pdf, new ContentType("application", "pdf"));
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>Sends the report; the SMTP outcome (never throws for a server or network failure).</summary>
    public Task<SmtpResult> SendAsync(ReportRecord record, byte[] pdf, IReadOnlyList<string> recipients, CancellationToken cancellationToken) =>
        SmtpSender.SendAsync(options.Smtp.Server, Build(record, pdf, recipients), time, cancellationToken);
}
