namespace ResolutionWorkflow.Engine; public static class Placeholder { }
