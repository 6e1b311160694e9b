using System.Collections;
using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using CodeFirst.Model;

namespace CodeFirst.Validation;

/// <summary>The validation rules of one message type: a <see cref="FieldRule"/> per field of its <see cref="MessageModel"/>.</summary>
internal sealed class MessageRules
{
    private static readonly ConcurrentDictionary<Type, MessageRules> Cache = new();

    // An array: IsValid walks it on every request, with no interface call per field.
    private readonly FieldRule[] _fields;

    // Every field's checks in one compiled predicate, when each field is a number or an enum (or has no checks and no
    // nested message): one delegate call per message instead of one per field.
    private readonly Func<object, bool>? _allFieldsPass;

    private MessageRules(Type type)
    {
        Type = type;
        var model = MessageModel.For(type);
        Name = model.Name;
        _fields = Array.ConvertAll(model.FieldArray, field => new FieldRule(field));
        _allFieldsPass = CompileAllFieldsPass(type, _fields);
    }

    public Type Type { get; }

    public string Name { get; }

    public static MessageRules For(Type type) => Cache.GetOrAdd(type, static t => new MessageRules(t));

    /// <summary>
    /// Whether <paramref name="message"/> and its nested messages break no rule, without building any path or message:
    /// the common case costs no allocation. <see cref="Collect"/> describes the violations when there are some.
    /// </summary>
    public bool IsValid(object message) => _allFieldsPass?.Invoke(message) ?? IsValidFieldByField(message);

    private static Func<object, bool>? CompileAllFieldsPass(Type type, FieldRule[] fields)
    {
        var message = Expression.Parameter(typeof(object), "message");
        var typed = Expression.Variable(type, "typed");
        var conditions = new List<Expression>();
        foreach (var field in fields)
        {
            if (field.BuildCondition(typed) is { } condition)
            {
                conditions.Add(condition);
            }
            else if (field.HasChecks || field.IsMessage)
            {
                return null;
            }
        }

        Expression body = conditions.Count == 0
            ? Expression.Constant(true)
            : Expression.Block([typed], Expression.Assign(typed, Expression.Convert(message, type)), conditions.Aggregate(Expression.AndAlso));
        return Expression.Lambda<Func<object, bool>>(body, message).Compile();
    }

    private bool IsValidFieldByField(object message)
    {
        foreach (var field in _fields)
        {
            if (field.HasChecks && !field.Passes(message))
            {
                return false;
            }

            if (field.ItemRules is not { } itemRules || field.GetValue(message) is not { } value)
            {
                continue;
            }

            if (!field.IsRepeated)
            {
                if (!itemRules.Of(value).IsValid(value))
                {
                    return false;
                }

                continue;
            }

            if (value is IList list)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is not { } item || !itemRules.Of(item).IsValid(item))
                    {
                        return false;
                    }
                }
            }
            else
            {
                foreach (var item in (IEnumerable)value)
                {
                    if (item is null || !itemRules.Of(item).IsValid(item))
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    /// <summary>These rules when <paramref name="message"/> is of their type (the usual case), else its own type's.</summary>
    private MessageRules Of(object message) => message.GetType() == Type ? this : For(message.GetType());

    /// <summary>
    /// Adds every violation of <paramref name="message"/> (and its nested messages) to <paramref name="violations"/>,
    /// creating the list at the first one (a valid message allocates nothing for it).
    /// </summary>
    public void Collect(object message, string prefix, ref List<(FieldViolation Violation, string Summary)>? violations)
    {
        foreach (var field in _fields)
        {
            var value = field.GetValue(message);
            if (field.Check(value) is { } problem)
            {
                (violations ??= []).Add((new FieldViolation(prefix + field.ProtoName, problem), $"invalid {Name}.{field.ProtoName}: {problem}"));
                continue;
            }

            if (!field.IsMessage || value is null)
            {
                continue;
            }

            var path = prefix + field.ProtoName;
            if (!field.IsRepeated)
            {
                For(value.GetType()).Collect(value, path + ".", ref violations);
                continue;
            }

            var index = 0;
            foreach (var item in (IEnumerable)value)
            {
                var itemPath = $"{path}[{index++}]";
                if (item is null)
                {
                    (violations ??= []).Add((new FieldViolation(itemPath, "value is required"), $"invalid {Name}.{field.ProtoName}[{index - 1}]: value is required"));
                    continue;
                }

                For(item.GetType()).Collect(item, itemPath + ".", ref violations);
            }
        }
    }
}
