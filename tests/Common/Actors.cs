using ResolutionWorkflow.Engine.Resolutions;

namespace ResolutionWorkflow.Tests.Common;

public static class Actors
{
    public static Actor Officer(string organisation) => new($"officer@{organisation}", organisation, ["officer"]);

    public static readonly Actor Drafter = new("drafter@ru-mineconomy", "ru-mineconomy", ["drafter"]);

    public static readonly Actor OtherDrafter = new("drafter@by-mineconomy", "by-mineconomy", ["drafter"]);

    public static readonly Actor Coordinator = new("coordinator@su-standing-committee", "su-standing-committee", ["coordinator"]);

    public static readonly Actor Registrar = new("registrar@su-standing-committee", "su-standing-committee", ["registrar"]);

    public static readonly Actor PrimeMinisterBelarus = new("pm@by-government", "by-government", ["signatory"]);

    public static readonly Actor PrimeMinisterRussia = new("pm@ru-government", "ru-government", ["signatory"]);

    /// <summary>The Chairman of the Union State Council of Ministers, who alone signs where a definition says so.</summary>
    public static readonly Actor Chairman = new("chairman@su-council-of-ministers", "su-council-of-ministers", ["chairman"]);

    /// <summary>
    /// The ministries asked to review a draft of <see cref="Drafter"/>'s body: the definitions name eight, and the drafting
    /// body (Russia's Ministry of Economic Development) does not review its own draft.
    /// </summary>
    public static readonly string[] ReviewingMinistries =
        ["by-mineconomy", "by-minfin", "by-mfa", "by-minjust", "ru-minfin", "ru-mfa", "ru-minjust"];

    /// <summary>The legal examination's bodies: Russia's Ministry of Justice, Belarus's National Centre of Legislation and Legal Research.</summary>
    public static readonly string[] LegalBodies = ["ru-minjust", "by-nclr"];
}
