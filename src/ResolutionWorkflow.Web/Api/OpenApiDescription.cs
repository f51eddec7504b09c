using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace ResolutionWorkflow.Web.Api;

/// <summary>
/// What the generated OpenAPI document cannot know by itself: how callers authenticate (a bearer
/// token or the page cookie), the route parameters a handler reads from the route rather than
/// binds, the groups of operations, and server addresses in canonical form.
/// </summary>
public static partial class OpenApiDescription
{
    public const string Bearer = "bearer", Cookie = "cookie";

    public static readonly IReadOnlyDictionary<string, string> Tags = new Dictionary<string, string>
    {
        ["Sign-in"] = "Exchanging an account's credentials for a bearer token.",
        ["Resolutions"] = "Reading resolutions and acting on them; every action is a command, answered once per Idempotency-Key.",
        ["Monitoring"] = "Coordinators' figures, as CSV.",
    };

    public static IServiceCollection AddResolutionOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "ResolutionWorkflow API";
                document.Info.Description = "Approval of Union State resolutions: drafts, interministerial review, conciliation, signing, registration and publication.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [Bearer] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "A token from POST /api/token, valid for an hour." },
                    [Cookie] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = "rw.auth", Description = "The pages' sign-in cookie." },
                };
                document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
                foreach (var server in document.Servers ?? []) { server.Url = server.Url?.TrimEnd('/'); }
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var anonymous = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any();
                operation.Security = anonymous ? [] :
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Cookie, context.Document)] = [] },
                ];
                DeclareRouteParameters(operation, context.Description.RelativePath ?? "");
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<FileBodyAttribute>().Any())
                {
                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Description = "The file's bytes; its name in Content-Disposition (filename*=UTF-8''…).",
                        Content = new Dictionary<string, OpenApiMediaType> { ["application/octet-stream"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } } },
                    };
                }
                return Task.CompletedTask;
            });
        });

    /// <summary>
    /// The endpoint's body is a file of any content type (its type is found in its bytes), so it
    /// declares no accepted type to routing, which would answer other types 415 before the sign-in check.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
    public sealed class FileBodyAttribute : Attribute;

    /// <summary>Every <c>{name}</c> of the route is a required path parameter, typed by its constraint.</summary>
    private static void DeclareRouteParameters(OpenApiOperation operation, string route)
    {
        operation.Parameters ??= [];
        foreach (Match m in RouteParameter().Matches(route))
        {
            var name = m.Groups["name"].Value;
            if (operation.Parameters.Any(p => p.Name == name && p.In == ParameterLocation.Path)) { continue; }
            var schema = m.Groups["constraint"].Value switch
            {
                "int" => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1" },
                "guid" => new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
                _ => new OpenApiSchema { Type = JsonSchemaType.String },
            };
            operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Path, Required = true, Schema = schema, Description = name == "no" ? "The number of the task or remark within the resolution." : null });
        }
    }

    [GeneratedRegex(@"\{(?<name>\w+)(:(?<constraint>\w+))?\}")]
    private static partial Regex RouteParameter();
}
