using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace ModelOps.Sdk.Onnx.Scoring;

/// <summary>
/// Getters and setters compiled with expression trees, once per member for the life of the process (a new version of the same
/// model reuses them), so that scoring never reflects.
/// </summary>
internal static class MemberAccessors
{
    private static readonly ConcurrentDictionary<MemberInfo, Delegate> Getters = new();
    private static readonly ConcurrentDictionary<MemberInfo, Delegate> Setters = new();

    public static Type MemberType(MemberInfo member) => member is PropertyInfo p ? p.PropertyType : ((FieldInfo)member).FieldType;

    /// <summary>A <c>Func&lt;TInput, TMember&gt;</c>.</summary>
    public static Delegate Getter(Type owner, MemberInfo member) =>
        Getters.GetOrAdd(member, m =>
        {
            var instance = Expression.Parameter(owner, "input");
            var type = typeof(Func<,>).MakeGenericType(owner, MemberType(m));
            return Expression.Lambda(type, Expression.MakeMemberAccess(instance, m), instance).Compile();
        });

    /// <summary>An <c>Action&lt;TOutput, TMember&gt;</c>.</summary>
    public static Delegate Setter(Type owner, MemberInfo member) =>
        Setters.GetOrAdd(member, m =>
        {
            var instance = Expression.Parameter(owner, "output");
            var value = Expression.Parameter(MemberType(m), "value");
            var type = typeof(Action<,>).MakeGenericType(owner, value.Type);
            return Expression.Lambda(type, Expression.Assign(Expression.MakeMemberAccess(instance, m), value), instance, value).Compile();
        });

    /// <summary>A <c>Func&lt;T&gt;</c> calling the public parameterless constructor, or <see langword="null"/> if there is none.</summary>
    public static Func<T>? Constructor<T>()
        where T : class =>
        typeof(T).IsAbstract || typeof(T).GetConstructor(Type.EmptyTypes) is null
            ? null
            : Expression.Lambda<Func<T>>(Expression.New(typeof(T))).Compile();
}
