using System.Linq.Expressions;
using System.Reflection;
using ModelOps.Sdk.Rules.Definition;

namespace ModelOps.Sdk.Rules.Compilation;

/// <summary>
/// Compiles a rule set's conditions for one input type into delegates with System.Linq.Expressions: each input property is read
/// once, checked (null, NaN) and converted to the field's type, then the rules' tests run as straight-line code. Nothing is
/// interpreted per call and nothing is allocated.
/// </summary>
/// <typeparam name="TInput">The input type.</typeparam>
internal sealed class DecisionCompiler<TInput>
    where TInput : class
{
    /// <summary>Returned by the UNIQUE decider when two or more rules match.</summary>
    public const int Ambiguous = -2;

    /// <summary>Returned by the deciders when no rule matches.</summary>
    public const int NoMatch = -1;

    private const int MaxChainedSetSize = 8;

    private static readonly MethodInfo StringEquals = typeof(string).GetMethod(nameof(string.Equals), [typeof(string), typeof(string)])!;
    private static readonly MethodInfo IsNaN = typeof(double).GetMethod(nameof(double.IsNaN), [typeof(double)])!;
    private static readonly MethodInfo ListAdd = typeof(List<int>).GetMethod(nameof(List<int>.Add))!;

    private readonly RuleSet _ruleSet;
    private readonly ParameterExpression _input = Expression.Parameter(typeof(TInput), "input");
    private readonly List<ParameterExpression> _variables = [];
    private readonly List<Expression> _reads = [];
    private readonly Slot[] _slots;

    /// <summary>Binds the input type to the rule set's inputs.</summary>
    /// <exception cref="ModelSignatureMismatchException">A required input has no property, or a property's type cannot hold the field's.</exception>
    public DecisionCompiler(RuleSet ruleSet, ModelVersion version, InputErrors errors)
    {
        _ruleSet = ruleSet;
        _slots = new Slot[ruleSet.Inputs.Count];
        var errorsConstant = Expression.Constant(errors);
        for (var i = 0; i < ruleSet.Inputs.Count; i++)
        {
            _slots[i] = BindInput(ruleSet.Inputs[i], version, errorsConstant);
        }
    }

    /// <summary>Compiles a delegate returning the position in <paramref name="order"/> of the first rule that matches, or <see cref="NoMatch"/>.</summary>
    public Func<TInput, int> CompileFirst(IReadOnlyList<int> order)
    {
        var done = Expression.Label(typeof(int), "done");
        var body = new List<Expression>(_reads);
        for (var k = 0; k < order.Count; k++)
        {
            body.Add(Expression.IfThen(RuleTest(_ruleSet.Rules[order[k]]), Expression.Return(done, Expression.Constant(k))));
        }

        body.Add(Expression.Label(done, Expression.Constant(NoMatch)));
        return Expression.Lambda<Func<TInput, int>>(Expression.Block(typeof(int), _variables, body), "DecideFirst", [_input]).Compile();
    }

    /// <summary>Compiles a delegate returning the index of the only rule that matches, <see cref="NoMatch"/>, or <see cref="Ambiguous"/> as soon as a second rule matches.</summary>
    public Func<TInput, int> CompileUnique()
    {
        var done = Expression.Label(typeof(int), "done");
        var found = Expression.Variable(typeof(int), "found");
        var body = new List<Expression>(_reads) { Expression.Assign(found, Expression.Constant(NoMatch)) };
        for (var r = 0; r < _ruleSet.Rules.Count; r++)
        {
            body.Add(Expression.IfThen(
                RuleTest(_ruleSet.Rules[r]),
                Expression.Block(
                    Expression.IfThen(Expression.GreaterThanOrEqual(found, Expression.Constant(0)), Expression.Return(done, Expression.Constant(Ambiguous))),
                    Expression.Assign(found, Expression.Constant(r)))));
        }

        body.Add(Expression.Label(done, found));
        return Expression.Lambda<Func<TInput, int>>(Expression.Block(typeof(int), [.. _variables, found], body), "DecideUnique", [_input]).Compile();
    }

    /// <summary>Compiles a delegate that adds the index of every matching rule, in table order, to a list.</summary>
    public Action<TInput, List<int>> CompileCollect()
    {
        var matches = Expression.Parameter(typeof(List<int>), "matches");
        var body = new List<Expression>(_reads);
        for (var r = 0; r < _ruleSet.Rules.Count; r++)
        {
            body.Add(Expression.IfThen(RuleTest(_ruleSet.Rules[r]), Expression.Call(matches, ListAdd, Expression.Constant(r))));
        }

        body.Add(Expression.Empty());
        return Expression.Lambda<Action<TInput, List<int>>>(Expression.Block(typeof(void), _variables, body), "Collect", [_input, matches]).Compile();
    }

    private static Type CanonicalType(FieldType type) => type switch
    {
        FieldType.Number => typeof(double),
        FieldType.Integer => typeof(long),
        FieldType.String => typeof(string),
        _ => typeof(bool),
    };

    private Slot BindInput(InputField field, ModelVersion version, ConstantExpression errors)
    {
        var canonical = CanonicalType(field.Type);
        var value = Expression.Variable(canonical, field.Name);
        _variables.Add(value);
        if (typeof(TInput) == typeof(RuleRow))
        {
            return BindRowSlot(field, value, errors);
        }

        var property = FieldBinder.Find(typeof(TInput), field.Name, forWrite: false, version);
        if (property is null)
        {
            if (field.Required)
            {
                throw FieldBinder.Mismatch(version, field.Name, $"{typeof(TInput).Name} has no public readable property for this required input (name one so, ignoring case, or mark it [RuleField(\"{field.Name}\")])");
            }

            // An optional input the type does not have reads as null on every call.
            _reads.Add(Expression.Assign(value, Expression.Default(canonical)));
            return new Slot(value, Expression.Constant(false));
        }

        var propertyType = property.PropertyType;
        var underlying = Nullable.GetUnderlyingType(propertyType) ?? propertyType;
        if (!FieldBinder.CanRead(field.Type, underlying))
        {
            throw FieldBinder.Mismatch(version, field.Name, $"{typeof(TInput).Name}.{property.Name} is {propertyType.Name}, which cannot hold {RuleSetParser.WithArticle(field.Type)} field; use {FieldBinder.ReadableTypes(field.Type)}");
        }

        ParameterExpression? has = field.Nullable ? Expression.Variable(typeof(bool), field.Name + "HasValue") : null;
        if (has is not null)
        {
            _variables.Add(has);
        }

        var fieldName = Expression.Constant(field.Name);
        Expression OnNull() => has is not null
            ? Expression.Assign(has, Expression.Constant(false))
            : Expression.Throw(Expression.Call(errors, nameof(InputErrors.NullValue), null, fieldName));
        Expression OnPresent() => has is not null ? Expression.Assign(has, Expression.Constant(true)) : Expression.Empty();
        Expression NaNCheck() => underlying == typeof(double) || underlying == typeof(float)
            ? Expression.IfThen(
                Expression.Call(IsNaN, value),
                has is not null ? Expression.Assign(has, Expression.Constant(false)) : Expression.Throw(Expression.Call(errors, nameof(InputErrors.NotANumber), null, fieldName)))
            : Expression.Empty();

        var read = Expression.Property(_input, property);
        if (Nullable.GetUnderlyingType(propertyType) is not null)
        {
            var raw = Expression.Variable(propertyType, field.Name + "Raw");
            _variables.Add(raw);
            _reads.Add(Expression.Assign(raw, read));
            _reads.Add(Expression.IfThenElse(
                Expression.Property(raw, nameof(Nullable<int>.HasValue)),
                Expression.Block(
                    Expression.Assign(value, Expression.Convert(Expression.Call(raw, nameof(Nullable<int>.GetValueOrDefault), null), canonical)),
                    OnPresent(),
                    NaNCheck()),
                Expression.Block(Expression.Assign(value, Expression.Default(canonical)), OnNull())));
        }
        else if (!propertyType.IsValueType)
        {
            _reads.Add(Expression.Assign(value, read));
            _reads.Add(Expression.IfThenElse(Expression.Equal(value, Expression.Constant(null, canonical)), OnNull(), OnPresent()));
        }
        else
        {
            _reads.Add(Expression.Assign(value, propertyType == canonical ? read : Expression.Convert(read, canonical)));
            _reads.Add(OnPresent());
            _reads.Add(NaNCheck());
        }

        return new Slot(value, has is null ? Expression.Constant(true) : has);
    }

    /// <summary>Binds an input to its slot of a <see cref="RuleRow"/>, whose reader has already converted it to the canonical type.</summary>
    private Slot BindRowSlot(InputField field, ParameterExpression value, ConstantExpression errors)
    {
        ParameterExpression? has = field.Nullable ? Expression.Variable(typeof(bool), field.Name + "HasValue") : null;
        if (has is not null)
        {
            _variables.Add(has);
        }

        var raw = Expression.Variable(typeof(object), field.Name + "Raw");
        _variables.Add(raw);
        var index = Array.IndexOf([.. _ruleSet.Inputs], field);
        _reads.Add(Expression.Assign(raw, Expression.ArrayIndex(Expression.Property(_input, nameof(RuleRow.Values)), Expression.Constant(index))));
        _reads.Add(Expression.IfThenElse(
            Expression.Equal(raw, Expression.Constant(null)),
            Expression.Block(
                Expression.Assign(value, Expression.Default(value.Type)),
                has is not null
                    ? Expression.Assign(has, Expression.Constant(false))
                    : Expression.Throw(Expression.Call(errors, nameof(InputErrors.NullValue), null, Expression.Constant(field.Name)))),
            Expression.Block(
                Expression.Assign(value, value.Type.IsValueType ? Expression.Unbox(raw, value.Type) : Expression.Convert(raw, value.Type)),
                has is not null ? Expression.Assign(has, Expression.Constant(true)) : Expression.Empty())));
        return new Slot(value, has is null ? Expression.Constant(true) : has);
    }

    private Expression RuleTest(Rule rule)
    {
        Expression? test = null;
        foreach (var condition in rule.Conditions)
        {
            var one = ConditionTest(condition);
            test = test is null ? one : Expression.AndAlso(test, one);
        }

        return test ?? Expression.Constant(true);
    }

    private Expression ConditionTest(Condition condition)
    {
        var slot = _slots[condition.InputIndex];
        var type = _ruleSet.Inputs[condition.InputIndex].Type;
        var value = slot.Value;
        Expression Constant(object? literal) => Expression.Constant(literal, value.Type);

        Expression test;
        switch (condition.Operator)
        {
            case ConditionOperator.IsNull:
                return Expression.Not(slot.Has);
            case ConditionOperator.IsNotNull:
                return slot.Has;
            case ConditionOperator.Less:
                test = Expression.LessThan(value, Constant(condition.Value));
                break;
            case ConditionOperator.LessOrEqual:
                test = Expression.LessThanOrEqual(value, Constant(condition.Value));
                break;
            case ConditionOperator.Greater:
                test = Expression.GreaterThan(value, Constant(condition.Value));
                break;
            case ConditionOperator.GreaterOrEqual:
                test = Expression.GreaterThanOrEqual(value, Constant(condition.Value));
                break;
            case ConditionOperator.Equal:
                test = EqualTo(value, type, condition.Value!);
                break;
            case ConditionOperator.NotEqual:
                test = Expression.Not(EqualTo(value, type, condition.Value!));
                break;
            case ConditionOperator.Range:
                test = Expression.AndAlso(
                    condition.MinClosed ? Expression.GreaterThanOrEqual(value, Constant(condition.Value)) : Expression.GreaterThan(value, Constant(condition.Value)),
                    condition.MaxClosed ? Expression.LessThanOrEqual(value, Constant(condition.Max)) : Expression.LessThan(value, Constant(condition.Max)));
                break;
            case ConditionOperator.In:
                test = InSet(value, type, condition.Set!);
                break;
            default:
                test = Expression.Not(InSet(value, type, condition.Set!));
                break;
        }

        // A null (or NaN, for a nullable number) matches nothing but "is null".
        return slot.Has is ConstantExpression { Value: true } ? test : Expression.AndAlso(slot.Has, test);
    }

    private static Expression EqualTo(ParameterExpression value, FieldType type, object literal) =>
        type == FieldType.String
            ? Expression.Call(StringEquals, value, Expression.Constant(literal, typeof(string)))
            : Expression.Equal(value, Expression.Constant(literal, value.Type));

    private static Expression InSet(ParameterExpression value, FieldType type, IReadOnlyList<object> set)
    {
        if (set.Count <= MaxChainedSetSize)
        {
            Expression? test = null;
            foreach (var literal in set)
            {
                var one = EqualTo(value, type, literal);
                test = test is null ? one : Expression.OrElse(test, one);
            }

            return test!;
        }

        // Larger sets are looked up in a hash set built once here; Contains does not allocate.
        object hashSet = type switch
        {
            FieldType.Number => new HashSet<double>(set.Cast<double>()),
            FieldType.Integer => new HashSet<long>(set.Cast<long>()),
            _ => new HashSet<string>(set.Cast<string>(), StringComparer.Ordinal),
        };
        return Expression.Call(Expression.Constant(hashSet), hashSet.GetType().GetMethod("Contains")!, value);
    }

    /// <summary>An input as the compiled code holds it: its value in the field's type, and whether it is present.</summary>
    private sealed record Slot(ParameterExpression Value, Expression Has);
}
