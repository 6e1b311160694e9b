using System.ComponentModel.DataAnnotations;
using CodeFirst.Model;
using Grpc.Core;
using ProtoBuf;

namespace CodeFirst.Tests;

public sealed class ContractModelTests
{
    [Fact]
    public void For_ContractType_ReadsNumbersNamesKindsAndLabelsFromProtobufNet()
    {
        var book = MessageModel.For(typeof(Book));

        book.Name.Should().Be("Book");
        book.Fields.Select(f => (f.Number, f.ProtoName, f.JsonName, f.Kind, f.IsRepeated)).Should().Equal(
            (1, "isbn", "isbn", FieldKind.String, false),
            (2, "title", "title", FieldKind.String, false),
            (3, "price", "price", FieldKind.Double, false),
            (4, "genre", "genre", FieldKind.Enum, false),
            (5, "authors", "authors", FieldKind.String, true));
        book.Find("authors")!.ValueType.Should().Be<string>();
    }

    [Fact]
    public void IsRequired_FieldWhoseAbsentValueBreaksItsRules_IsRequired()
    {
        var book = MessageModel.For(typeof(Book));

        // isbn: [Required]; title: at least 1 rune, so "" breaks it. price: 0 is in [0, 10000]; genre: 0 is defined; authors: 0 items allowed.
        book.Fields.Where(f => f.IsRequired).Select(f => f.ProtoName).Should().Equal("isbn", "title");
        MessageModel.For(typeof(Bounds)).Fields.Where(f => f.IsRequired).Select(f => f.ProtoName).Should().Equal("page_size", "kind", "tags", "nullable_count");
    }

    [Fact]
    public void Rules_DeclaredAttributes_AreReadOnceIntoTheModel()
    {
        var book = MessageModel.For(typeof(Book));

        var isbn = book.Find("isbn")!.Rules;
        (isbn.Required, isbn.Pattern).Should().Be((true, "^[0-9]{13}$"));
        var title = book.Find("title")!.Rules;
        (title.MinLength, title.MaxLength).Should().Be((1, 200));
        var price = book.Find("price")!.Rules;
        (price.Finite, price.Range!.Maximum).Should().Be((true, 10_000d));
        book.Find("genre")!.Rules.DefinedOnly.Should().BeTrue();
        var authors = book.Find("authors")!.Rules;
        (authors.MinItems, authors.MaxItems, authors.MaxLength).Should().Be((0, 5, null), "[MaxLength] on a list counts items");
    }

    [Fact]
    public void Rules_StringLengthAndMaxLengthTogether_KeepTheTightestBoundAndMaxLengthMinusOneMeansNone()
    {
        var model = MessageModel.For(typeof(Lengths));

        (model.Find("both")!.Rules.MinLength, model.Find("both")!.Rules.MaxLength).Should().Be((3, 10));
        model.Find("unbounded")!.Rules.MaxLength.Should().BeNull();
        model.Find("unbounded")!.Rules.IsEmpty.Should().BeTrue();
        model.Find("count")!.Rules.Should().Match<FieldRules>(r => r.Range == null && r.DefinedOnly == false && r.IsEmpty);
    }

    [Fact]
    public void Read_ServiceContract_ListsOperationsAsProtobufNetGrpcBindsThemWithTheirRoutes()
    {
        var operations = ContractReader.Read(typeof(IShelf));

        operations.Select(o => (o.ServiceName, o.MethodName, o.Kind, o.Route?.PathTemplate)).Should().Equal(
            ("library.v1.Shelf", "GetBook", MethodType.Unary, "/v1/books/{isbn}"),
            ("library.v1.Shelf", "AddBook", MethodType.Unary, "/v1/books"),
            ("library.v1.Shelf", "ListBooks", MethodType.ServerStreaming, null));
        operations[0].Package.Should().Be("library.v1");
        operations[0].ShortServiceName.Should().Be("Shelf");
    }

    [ProtoContract]
    private sealed class Lengths
    {
        [StringLength(12, MinimumLength = 2)]
        [MinLength(3)]
        [MaxLength(10)]
        [ProtoMember(1, Name = "both")]
        public string Both { get; set; } = "";

        [MaxLength]
        [ProtoMember(2, Name = "unbounded")]
        public string Unbounded { get; set; } = "";

        [ProtoMember(3, Name = "count")]
        public int Count { get; set; }
    }
}

[ProtoContract(Name = "Bounds")]
public sealed class Bounds
{
    [Range(1, 1000)]
    [ProtoMember(1, Name = "page_size")]
    public int PageSize { get; set; }

    [Range(-5, 5)]
    [ProtoMember(2, Name = "offset")]
    public int Offset { get; set; }

    [ProtoMember(3, Name = "kind")]
    public NoZero Kind { get; set; }

    [MinLength(1)]
    [ProtoMember(4, Name = "tags")]
    public List<string> Tags { get; set; } = [];

    [Range(1, 100)]
    [ProtoMember(5, Name = "nullable_count")]
    public int? NullableCount { get; set; }
}

[ProtoContract(Name = "NoZero")]
public enum NoZero
{
    [ProtoEnum(Name = "NO_ZERO_ONE")]
    One = 1,
}

