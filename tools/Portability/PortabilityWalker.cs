using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NfBond.Portability;

/// <summary>
/// Walks one syntax tree and records what nanoFramework 1.x cannot compile or run: language constructs
/// by syntax, and every referenced framework type or member against the allowlist.
/// </summary>
internal sealed class PortabilityWalker : CSharpSyntaxWalker
{
    private readonly SemanticModel _model;
    private readonly NanoApiAllowlist _allowlist;
    private readonly List<PortabilityProblem> _problems;
    private readonly HashSet<(int Line, string Message)> _reported = [];

    public PortabilityWalker(SemanticModel model, NanoApiAllowlist allowlist, List<PortabilityProblem> problems)
    {
        _model = model;
        _allowlist = allowlist;
        _problems = problems;
    }

    public override void VisitClassDeclaration(ClassDeclarationSyntax node)
    {
        ReportGenericDeclaration(node.TypeParameterList, node.Identifier, "type");
        base.VisitClassDeclaration(node);
    }

    public override void VisitStructDeclaration(StructDeclarationSyntax node)
    {
        ReportGenericDeclaration(node.TypeParameterList, node.Identifier, "type");
        base.VisitStructDeclaration(node);
    }

    public override void VisitInterfaceDeclaration(InterfaceDeclarationSyntax node)
    {
        ReportGenericDeclaration(node.TypeParameterList, node.Identifier, "interface");
        base.VisitInterfaceDeclaration(node);
    }

    public override void VisitDelegateDeclaration(DelegateDeclarationSyntax node)
    {
        ReportGenericDeclaration(node.TypeParameterList, node.Identifier, "delegate");
        base.VisitDelegateDeclaration(node);
    }

    public override void VisitRecordDeclaration(RecordDeclarationSyntax node)
    {
        Report(node.Keyword, "record", $"record '{node.Identifier.Text}': records are not supported on nanoFramework 1.x; write a class or struct");
        base.VisitRecordDeclaration(node);
    }

    public override void VisitMethodDeclaration(MethodDeclarationSyntax node)
    {
        ReportGenericDeclaration(node.TypeParameterList, node.Identifier, "method");
        ReportAsync(node.Modifiers);
        base.VisitMethodDeclaration(node);
    }

    public override void VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        ReportGenericDeclaration(node.TypeParameterList, node.Identifier, "local function");
        ReportAsync(node.Modifiers);
        base.VisitLocalFunctionStatement(node);
    }

    public override void VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        ReportAsync(node.Modifiers);
        base.VisitParenthesizedLambdaExpression(node);
    }

    public override void VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        ReportAsync(node.Modifiers);
        base.VisitSimpleLambdaExpression(node);
    }

    public override void VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
    {
        ReportAsync(node.Modifiers);
        base.VisitAnonymousMethodExpression(node);
    }

    public override void VisitAwaitExpression(AwaitExpressionSyntax node)
    {
        Report(node.AwaitKeyword, "async", "await: nanoFramework 1.x has no async/await; use a Thread, a wait handle or a loop timer");
        base.VisitAwaitExpression(node);
    }

    public override void VisitQueryExpression(QueryExpressionSyntax node)
    {
        Report(node, "linq", "LINQ query: nanoFramework 1.x has no LINQ; write the loop");
        base.VisitQueryExpression(node);
    }

    public override void VisitYieldStatement(YieldStatementSyntax node)
    {
        Report(node, "yield", "yield: iterators need generic enumerators nanoFramework 1.x lacks; fill an ArrayList or write an IEnumerator class");
        base.VisitYieldStatement(node);
    }

    public override void VisitCatchFilterClause(CatchFilterClauseSyntax node)
    {
        Report(node, "exception-filter", "exception filter 'when': not supported by the nanoFramework 1.x runtime; test inside the catch block");
        base.VisitCatchFilterClause(node);
    }

    public override void VisitStackAllocArrayCreationExpression(StackAllocArrayCreationExpressionSyntax node)
    {
        Report(node, "span", "stackalloc: nanoFramework 1.x has no Span<T> or stackalloc; use an array allocated once");
        base.VisitStackAllocArrayCreationExpression(node);
    }

    public override void VisitImplicitStackAllocArrayCreationExpression(ImplicitStackAllocArrayCreationExpressionSyntax node)
    {
        Report(node, "span", "stackalloc: nanoFramework 1.x has no Span<T> or stackalloc; use an array allocated once");
        base.VisitImplicitStackAllocArrayCreationExpression(node);
    }

    public override void VisitTupleType(TupleTypeSyntax node)
    {
        Report(node, "tuple", $"tuple type '{node}': tuples are generic (ValueTuple<...>); nanoFramework 1.x has no generics; use a struct or out parameters");
        base.VisitTupleType(node);
    }

    public override void VisitTupleExpression(TupleExpressionSyntax node)
    {
        Report(node, "tuple", $"tuple '{node}': tuples are generic (ValueTuple<...>); nanoFramework 1.x has no generics; use a struct or out parameters");
        base.VisitTupleExpression(node);
    }

    public override void VisitNullableType(NullableTypeSyntax node)
    {
        ITypeSymbol? element = _model.GetTypeInfo(node.ElementType).Type;
        if (element != null && element.IsValueType)
        {
            Report(node, "nullable", $"'{node}' is Nullable<{element.ToDisplayString()}>: nanoFramework 1.x has no Nullable<T>; use a sentinel value or a separate 'has value' flag");
        }

        base.VisitNullableType(node);
    }

    public override void VisitForEachStatement(ForEachStatementSyntax node)
    {
        if (node.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
        {
            Report(node.AwaitKeyword, "async", "await foreach: nanoFramework 1.x has no async streams");
        }

        ITypeSymbol? collection = _model.GetTypeInfo(node.Expression).Type;
        if (collection != null && collection.SpecialType == SpecialType.System_String)
        {
            Report(node.Expression, "foreach-string", "foreach over a string: String.GetEnumerator() throws NotSupportedException on nanoFramework; use an index loop");
        }

        base.VisitForEachStatement(node);
    }

    public override void VisitVariableDeclaration(VariableDeclarationSyntax node)
    {
        if (node.Type.IsVar)
        {
            ITypeSymbol? inferred = _model.GetTypeInfo(node.Type).Type;
            if (inferred != null)
            {
                CheckType(node.Type, inferred);
            }
        }

        base.VisitVariableDeclaration(node);
    }

    public override void VisitIdentifierName(IdentifierNameSyntax node)
    {
        if (!node.IsVar && !InsideNameof(node))
        {
            CheckReferencedSymbol(node);
        }

        base.VisitIdentifierName(node);
    }

    public override void VisitGenericName(GenericNameSyntax node)
    {
        if (!InsideNameof(node))
        {
            CheckReferencedSymbol(node);
        }

        base.VisitGenericName(node);
    }

    public override void VisitObjectCreationExpression(ObjectCreationExpressionSyntax node)
    {
        CheckReferencedSymbol(node);
        base.VisitObjectCreationExpression(node);
    }

    public override void VisitImplicitObjectCreationExpression(ImplicitObjectCreationExpressionSyntax node)
    {
        CheckReferencedSymbol(node);
        ITypeSymbol? created = _model.GetTypeInfo(node).Type;
        if (created != null)
        {
            CheckType(node, created);
        }

        base.VisitImplicitObjectCreationExpression(node);
    }

    public override void VisitConstructorInitializer(ConstructorInitializerSyntax node)
    {
        CheckReferencedSymbol(node);
        base.VisitConstructorInitializer(node);
    }

    public override void VisitElementAccessExpression(ElementAccessExpressionSyntax node)
    {
        CheckReferencedSymbol(node);
        if (IsString(node.Expression) && IsComputedIndex(node) && InsideSurrogateAwareCode(node))
        {
            Report(node, "surrogate-index", "string indexer after a character in code that handles surrogate pairs: on nanoFramework s[i + 1] after a high surrogate returns the high surrogate twice for characters outside the BMP; index the array from ToCharArray()");
        }

        base.VisitElementAccessExpression(node);
    }

    public override void VisitBinaryExpression(BinaryExpressionSyntax node)
    {
        CheckReferencedSymbol(node);
        if (node.IsKind(SyntaxKind.AddExpression) && IsString(node) && (IsFloatingPoint(node.Left) || IsFloatingPoint(node.Right)))
        {
            Report(node, "double-text", DoubleTextMessage);
        }

        base.VisitBinaryExpression(node);
    }

    public override void VisitInterpolation(InterpolationSyntax node)
    {
        if (IsFloatingPoint(node.Expression))
        {
            Report(node, "double-text", DoubleTextMessage);
        }

        base.VisitInterpolation(node);
    }

    public override void VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        // x.ToString(...) on a double, or a StringBuilder.Append(double) overload.
        if (_model.GetSymbolInfo(node).Symbol is IMethodSymbol method
            && ((method.Name == "ToString" && IsFloatingPoint(method.ContainingType))
                || (method.Name == "Append" && method.Parameters.Length == 1 && IsFloatingPoint(method.Parameters[0].Type))))
        {
            Report(node, "double-text", DoubleTextMessage);
        }

        base.VisitInvocationExpression(node);
    }

    public override void VisitArrayCreationExpression(ArrayCreationExpressionSyntax node)
    {
        if (node.Initializer == null
            && _model.GetTypeInfo(node.Type.ElementType).Type?.SpecialType == SpecialType.System_String
            && !IsEmptyArray(node)
            && !IsFilledByTheNextLoop(node))
        {
            Report(node, "string-array", "new string[n] without filling it: on nanoFramework its fresh elements are not real nulls (comparing one crashes the runtime); assign every element in a for loop right after, or use an initializer");
        }

        base.VisitArrayCreationExpression(node);
    }

    public override void VisitPrefixUnaryExpression(PrefixUnaryExpressionSyntax node)
    {
        CheckReferencedSymbol(node);
        base.VisitPrefixUnaryExpression(node);
    }

    public override void VisitAttribute(AttributeSyntax node)
    {
        CheckReferencedSymbol(node);
        base.VisitAttribute(node);
    }

    private void CheckReferencedSymbol(SyntaxNode node)
    {
        SymbolInfo info = _model.GetSymbolInfo(node);
        ISymbol? symbol = info.Symbol;
        if (symbol == null && info.CandidateSymbols.Length > 0)
        {
            symbol = info.CandidateSymbols[0];
        }

        switch (symbol)
        {
            case ITypeSymbol type:
                CheckType(node, type);
                break;
            case IMethodSymbol method:
                CheckMethod(node, method);
                break;
            case IPropertySymbol or IFieldSymbol or IEventSymbol:
                CheckMember(node, symbol);
                break;
        }
    }

    private void CheckMethod(SyntaxNode node, IMethodSymbol method)
    {
        if (method.MethodKind is MethodKind.BuiltinOperator or MethodKind.DelegateInvoke or MethodKind.LambdaMethod
            or MethodKind.LocalFunction or MethodKind.AnonymousFunction)
        {
            return;
        }

        IMethodSymbol definition = method.ReducedFrom ?? method;
        if (definition.ContainingNamespace?.ToDisplayString() == "System.Linq")
        {
            Report(node, "linq", $"LINQ '{definition.ContainingType.Name}.{definition.Name}': nanoFramework 1.x has no LINQ; write the loop");
            return;
        }

        if (method.IsGenericMethod)
        {
            Report(node, "generic", $"generic method '{method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)}': nanoFramework 1.x has no generics");
            return;
        }

        CheckMember(node, definition);
    }

    private void CheckMember(SyntaxNode node, ISymbol member)
    {
        if (IsOwn(member))
        {
            return;
        }

        INamedTypeSymbol? containing = member.ContainingType;
        if (containing != null && (containing.IsGenericType || containing.IsTupleType))
        {
            CheckType(node, containing);
            return;
        }

        string? id = member.OriginalDefinition.GetDocumentationCommentId();
        if (id == null || _allowlist.Contains(id))
        {
            return;
        }

        string shown = member.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
        int paren = id.IndexOf('(');
        string prefix = paren < 0 ? id : id[..paren];
        List<string> alternatives = [];
        foreach (string allowed in _allowlist.WithPrefix(prefix))
        {
            ISymbol? candidate = DocumentationCommentId.GetFirstSymbolForDeclarationId(allowed, _model.Compilation);
            alternatives.Add(candidate?.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) ?? allowed);
        }

        string hint = alternatives.Count > 0
            ? $"; nanoFramework has {string.Join(", ", alternatives)}"
            : string.Empty;
        Report(node, "api", $"'{shown}' is not in the nanoFramework 1.x API{hint}");
    }

    private void CheckType(SyntaxNode node, ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                CheckType(node, array.ElementType);
                return;
            case IPointerTypeSymbol:
                Report(node, "unsafe", "pointer types are not supported on nanoFramework");
                return;
            case IDynamicTypeSymbol:
                Report(node, "dynamic", "dynamic: nanoFramework 1.x has no dynamic binder");
                return;
            case INamedTypeSymbol named:
                CheckNamedType(node, named);
                return;
        }
    }

    private void CheckNamedType(SyntaxNode node, INamedTypeSymbol type)
    {
        string shown = type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
        if (type.IsTupleType)
        {
            Report(node, "tuple", $"tuple type '{shown}': nanoFramework 1.x has no generics; use a struct or out parameters");
            return;
        }

        if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            Report(node, "nullable", $"'{shown}' is Nullable<T>: nanoFramework 1.x has no Nullable<T>; use a sentinel value or a separate 'has value' flag");
            return;
        }

        string? ns = type.ContainingNamespace?.ToDisplayString();
        if (ns == "System" && (type.Name == "Span" || type.Name == "ReadOnlySpan" || type.Name == "Memory" || type.Name == "ReadOnlyMemory"))
        {
            Report(node, "span", $"'{shown}': nanoFramework 1.x has no Span<T>/Memory<T>; pass an array with offset and count");
            return;
        }

        if (type.IsGenericType)
        {
            Report(node, "generic", $"generic type '{shown}': nanoFramework 1.x has no generics; use ArrayList, Hashtable or arrays");
            return;
        }

        if (ns == "System.Threading" && type.Name == "Lock")
        {
            Report(node, "lock-type", "System.Threading.Lock: not in nanoFramework 1.x; lock on a private 'object'");
            return;
        }

        if (IsOwn(type))
        {
            return;
        }

        string? id = type.OriginalDefinition.GetDocumentationCommentId();
        if (id != null && !_allowlist.Contains(id))
        {
            Report(node, "api", $"type '{shown}' is not in the nanoFramework 1.x API");
        }
    }

    private void ReportGenericDeclaration(TypeParameterListSyntax? typeParameters, SyntaxToken name, string kind)
    {
        if (typeParameters != null)
        {
            Report(name, "generic", $"generic {kind} '{name.Text}{typeParameters}': nanoFramework 1.x has no generics");
        }
    }

    private void ReportAsync(SyntaxTokenList modifiers)
    {
        foreach (SyntaxToken modifier in modifiers)
        {
            if (modifier.IsKind(SyntaxKind.AsyncKeyword))
            {
                Report(modifier, "async", "async: nanoFramework 1.x has no async/await; use a Thread, a wait handle or a loop timer");
            }
        }
    }

    private const string DoubleTextMessage = "a double or float turned into text: nanoFramework's formatting is imprecise (20.7 prints as 20.699999999999998); format from integers (e.g. tenths) or echo the original text";

    private bool IsString(ExpressionSyntax expression)
    {
        return _model.GetTypeInfo(expression).Type?.SpecialType == SpecialType.System_String;
    }

    private bool IsFloatingPoint(ExpressionSyntax expression)
    {
        return IsFloatingPoint(_model.GetTypeInfo(expression).Type);
    }

    private static bool IsFloatingPoint(ITypeSymbol? type)
    {
        return type != null && (type.SpecialType == SpecialType.System_Double || type.SpecialType == SpecialType.System_Single);
    }

    private bool IsEmptyArray(ArrayCreationExpressionSyntax node)
    {
        SeparatedSyntaxList<ExpressionSyntax> sizes = node.Type.RankSpecifiers[0].Sizes;
        Optional<object?> size = sizes.Count == 1 ? _model.GetConstantValue(sizes[0]) : default;
        return size.HasValue && size.Value is int length && length == 0;
    }

    /// <summary>
    /// <c>string[] a = new string[n];</c> followed at once by a for loop over <c>i</c> whose body writes
    /// <c>a[i] = ...;</c> before anything else names <c>a</c>: every element is written before it can be read.
    /// </summary>
    private static bool IsFilledByTheNextLoop(ArrayCreationExpressionSyntax node)
    {
        if (node.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            || declarator.Parent?.Parent is not LocalDeclarationStatementSyntax declaration
            || declaration.Parent is not BlockSyntax block)
        {
            return false;
        }

        int index = block.Statements.IndexOf(declaration);
        if (index + 1 >= block.Statements.Count || block.Statements[index + 1] is not ForStatementSyntax loop)
        {
            return false;
        }

        string name = declarator.Identifier.Text;
        string? counter = loop.Declaration?.Variables.FirstOrDefault()?.Identifier.Text;
        IEnumerable<StatementSyntax> body = loop.Statement is BlockSyntax loopBody ? loopBody.Statements : [loop.Statement];
        foreach (StatementSyntax statement in body)
        {
            if (statement is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: ElementAccessExpressionSyntax target } }
                && target.Expression is IdentifierNameSyntax array && array.Identifier.Text == name
                && target.ArgumentList.Arguments[0].Expression is IdentifierNameSyntax element && element.Identifier.Text == counter)
            {
                return true;
            }

            // Anything that touches the array before the element is written could read a fresh element.
            if (statement.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && t.Text == name))
            {
                return false;
            }
        }

        return false;
    }

    // s[i + 1], s[++i]: the char after another, which is where nano's indexer goes wrong after a high surrogate.
    private static bool IsComputedIndex(ElementAccessExpressionSyntax node)
    {
        ExpressionSyntax index = node.ArgumentList.Arguments[0].Expression;
        return index is BinaryExpressionSyntax or PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax;
    }

    private static bool InsideSurrogateAwareCode(SyntaxNode node)
    {
        SyntaxNode? member = node.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax);
        if (member == null)
        {
            return false;
        }

        foreach (SyntaxNode inner in member.DescendantNodes())
        {
            if (inner is IdentifierNameSyntax { Identifier.Text: "IsSurrogate" or "IsHighSurrogate" or "IsLowSurrogate" or "IsSurrogatePair" or "ConvertToUtf32" })
            {
                return true;
            }

            if (inner is LiteralExpressionSyntax literal && literal.Token.Value is int value && value >= 0xD800 && value <= 0xDFFF)
            {
                return true;
            }
        }

        return false;
    }

    private bool IsOwn(ISymbol symbol)
    {
        return SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, _model.Compilation.Assembly);
    }

    private bool InsideNameof(SyntaxNode node)
    {
        foreach (InvocationExpressionSyntax invocation in node.Ancestors().OfType<InvocationExpressionSyntax>())
        {
            if (invocation.Expression is IdentifierNameSyntax { Identifier.Text: "nameof" }
                && _model.GetSymbolInfo(invocation).Symbol == null)
            {
                return true;
            }
        }

        return false;
    }

    private void Report(SyntaxNode node, string rule, string message)
    {
        Report(node.GetLocation(), rule, message);
    }

    private void Report(SyntaxToken token, string rule, string message)
    {
        Report(token.GetLocation(), rule, message);
    }

    private void Report(Location location, string rule, string message)
    {
        // One report per line and message: `new List<int>()` would otherwise be named once per syntax node.
        if (_reported.Add((location.GetLineSpan().StartLinePosition.Line, message)))
        {
            _problems.Add(PortabilityChecker.At(location, rule, message));
        }
    }
}
