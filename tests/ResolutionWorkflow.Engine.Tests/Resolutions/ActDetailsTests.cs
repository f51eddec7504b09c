using ResolutionWorkflow.Engine.Resolutions;
using ResolutionWorkflow.Engine.Tests.Support;
using ResolutionWorkflow.Tests.Common;

namespace ResolutionWorkflow.Engine.Tests.Resolutions;

/// <summary>The act's date is the day of its last signature in Moscow, and acts are numbered per year of that date.</summary>
public sealed class ActDetailsTests
{
    private static ResolutionDriver InSigning()
    {
        var r = new ResolutionDriver();
        r.Accept(r.Start("council-of-ministers-resolution"));
        r.Accept(r.Submit());
        foreach (var m in Actors.ReviewingMinistries) { r.Accept(r.Agree(m)); }
        foreach (var m in Actors.LegalBodies) { r.Accept(r.Agree(m)); }
        r.AdoptAtTodaysMeeting();
        return r;
    }

    [Fact]
    public void An_act_signed_at_half_past_ten_on_new_years_eve_utc_is_dated_and_numbered_in_the_new_year_in_moscow()
    {
        var r = InSigning();
        r.Now = new DateTimeOffset(2026, 12, 31, 15, 0, 0, TimeSpan.Zero);
        r.Accept(r.SignAs(Actors.PrimeMinisterBelarus));
        Assert.Null(r.S.ActDate);

        r.Now = new DateTimeOffset(2026, 12, 31, 22, 30, 0, TimeSpan.Zero); // 01:30 on 1 January in Moscow
        var events = r.Accept(r.SignAs(Actors.PrimeMinisterRussia));
        Assert.Equal(new DateOnly(2027, 1, 1), Assert.Single(events.OfType<ActDated>()).Date);
        Assert.Equal(new DateOnly(2027, 1, 1), r.S.ActDate);
        Assert.Contains(r.Journal, j => j.EventType == "act-dated" && j.Data == "{\"date\":\"2027-01-01\"}");

        // Registered days later, still in 2027 by any clock: numbered in the act's year.
        r.Now = new DateTimeOffset(2027, 1, 12, 9, 0, 0, TimeSpan.Zero);
        r.Accept(r.RegisterAs("1"));
        Assert.Equal(2027, r.S.Registration!.Year);
    }

    [Fact]
    public void An_act_signed_on_the_last_evening_of_the_year_in_moscow_keeps_that_years_date_and_number()
    {
        var r = InSigning();
        r.Now = new DateTimeOffset(2026, 12, 31, 20, 59, 0, TimeSpan.Zero); // 23:59 in Moscow
        r.Accept(r.SignAs(Actors.PrimeMinisterBelarus));
        r.Accept(r.SignAs(Actors.PrimeMinisterRussia));
        Assert.Equal(new DateOnly(2026, 12, 31), r.S.ActDate);

        r.Now = new DateTimeOffset(2027, 1, 12, 9, 0, 0, TimeSpan.Zero); // registered in the new year
        r.Accept(r.RegisterAs("58"));
        Assert.Equal(2026, r.S.Registration!.Year);
    }

    private static RecordPublication Publication(ResolutionDriver r, string country, string venue, string reference, int day, Actor? by = null) =>
        new(country, venue, reference, new DateOnly(2027, 1, day)) { CommandId = Guid.NewGuid(), ResolutionId = r.Id, Actor = by ?? Actors.Registrar };

    [Fact]
    public void An_act_is_published_in_several_venues_each_once_and_a_later_gazette_is_recorded_after_its_adoption()
    {
        var r = InSigning();
        r.Accept(r.SignAs(Actors.PrimeMinisterBelarus));
        r.Accept(r.SignAs(Actors.PrimeMinisterRussia));
        r.Accept(r.RegisterAs("3"));

        // The Standing Committee's site is a venue of the registry though not a country of the stage; the stage waits for both countries.
        r.Accept(Publication(r, "su", "su-postkomsg", "https://www.postkomsg.ru/documents/12345/", 4));
        r.Accept(Publication(r, "ru", "ru-pravo", "0001202701040002", 4));
        Assert.Equal("registration", r.S.StageId);
        Assert.Equal("publicationRecorded", r.Reject(Publication(r, "ru", "ru-pravo", "0001202701040003", 5), RejectionCode.AlreadyRecorded).Key);
        r.Accept(Publication(r, "by", "by-pravo", "https://pravo.by/document/?guid=12551&p0=K92700003", 5));
        Assert.Equal(ResolutionStatus.Adopted, r.S.Status);

        // Weeks later the gazette prints it: recorded on the adopted act by the registrar, and by nobody else.
        r.Reject(Publication(r, "ru", "ru-sz", "2027, № 4, ст. 512", 25, Actors.Coordinator), RejectionCode.NotYourTask);
        Assert.Equal("referenceFormat", r.Reject(Publication(r, "ru", "ru-sz", "номер 512", 25), RejectionCode.InvalidInput).Key);
        var later = Assert.Single(r.Accept(Publication(r, "ru", "ru-sz", "2027, № 4, ст. 512", 25)));
        Assert.IsType<PublicationRecorded>(later);
        Assert.Equal(["by-pravo", "ru-pravo", "ru-sz", "su-postkomsg"], r.S.Publications.Select(p => p.Portal).Order());
        Assert.Equal("adopted", r.S.StageId);
        // Nothing else is done to an adopted act.
        r.Reject(r.WithdrawAs(Actors.Coordinator), RejectionCode.ResolutionClosed);
        r.Reject(Publication(r, "kz", "kz-adilet", "1", 26), RejectionCode.InvalidInput);
    }
}
