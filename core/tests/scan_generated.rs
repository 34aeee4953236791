//! The scanner on QR frames generated here (see `twofold_test_support::frames`):
//! each camera condition the pipeline claims to handle, the outcome types,
//! frame geometry and the camera-loop rotation.

use twofold_core::scan::{self, ScanError, ScanOutcome, Scanner};
use twofold_core::uri::UriError;
use twofold_test_support::frames::{empty_scene, render, Frame, Layout};

const URI: &str = "otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME%20Co&period=30";

fn scan(frame: &Frame) -> ScanOutcome {
    scan::scan_frame_with_every_attempt(
        &frame.pixels,
        frame.width as u32,
        frame.height as u32,
        frame.width as u32,
    )
    .expect("a well-formed frame")
}

fn assert_account(outcome: ScanOutcome, what: &str) {
    match outcome {
        ScanOutcome::Account(account) => {
            assert_eq!(account.issuer.as_deref(), Some("ACME Co"), "{what}");
            assert_eq!(account.name, "alice@example.com", "{what}");
        }
        other => panic!("{what}: expected the account, got {other:?}"),
    }
}

#[test]
fn clean_frame() {
    assert_account(scan(&render(URI, &Layout::default())), "clean");
}

#[test]
fn rotated_frame() {
    let layout = Layout {
        degrees: 23.0,
        ..Layout::default()
    };
    assert_account(scan(&render(URI, &layout)), "rotated 23°");
}

#[test]
fn steeply_tilted_frame() {
    // 45° away from the camera: the near side's modules are about twice the
    // far side's.
    for tilt_degrees in [-45.0, 45.0] {
        let layout = Layout {
            tilt_degrees,
            degrees: 10.0,
            module_px: 5.0,
            ..Layout::default()
        };
        assert_account(
            scan(&render(URI, &layout)),
            &format!("tilted {tilt_degrees}°"),
        );
    }
}

#[test]
fn dark_mode_frame() {
    assert_account(
        scan(&render(URI, &Layout::default()).inverted()),
        "inverted",
    );
}

#[test]
fn noisy_frame() {
    let frame = render(URI, &Layout::default()).with_noise(45.0, 7);
    assert_account(scan(&frame), "noise σ=45");
}

#[test]
fn blurred_frame() {
    let frame = render(URI, &Layout::default()).blurred(2);
    assert_account(scan(&frame), "blurred");
}

#[test]
fn low_contrast_frame() {
    let layout = Layout {
        dark: 110,
        light: 140,
        ..Layout::default()
    };
    assert_account(
        scan(&render(URI, &layout).with_noise(4.0, 3)),
        "low contrast",
    );
}

#[test]
fn unevenly_lit_frame() {
    let frame = render(URI, &Layout::default()).with_light_gradient(0.25);
    assert_account(scan(&frame), "uneven light");
}

#[test]
fn small_code_off_centre() {
    let layout = Layout {
        width: 1280,
        height: 720,
        module_px: 2.2,
        dx: -300.0,
        dy: 150.0,
        degrees: 8.0,
        ..Layout::default()
    };
    assert_account(scan(&render(URI, &layout)), "small code");
}

#[test]
fn frame_with_row_padding() {
    let frame = render(URI, &Layout::default());
    let stride = frame.width + 64;
    let plane = frame.strided(stride);
    let outcome = scan::scan_frame_with_every_attempt(
        &plane,
        frame.width as u32,
        frame.height as u32,
        stride as u32,
    )
    .expect("a well-formed strided frame");
    assert_account(outcome, "row stride > width");
}

#[test]
fn empty_scene_is_nothing() {
    assert_eq!(scan(&empty_scene(640, 480, 11)), ScanOutcome::Nothing);
}

#[test]
fn web_link_is_not_an_authenticator_code() {
    let text = "https://example.com/welcome";
    assert_eq!(
        scan(&render(text, &Layout::default())),
        ScanOutcome::NotAnAuthenticatorCode {
            text: text.to_string()
        }
    );
}

#[test]
fn invalid_otpauth_is_reported_not_returned() {
    let text = "otpauth://totp/ACME:alice?issuer=ACME&digits=6";
    assert_eq!(
        scan(&render(text, &Layout::default())),
        ScanOutcome::InvalidAccount {
            error: UriError::MissingSecret
        }
    );
}

#[test]
fn migration_payload_arrives_parsed() {
    // dim13/otpauth's public example export.
    let text = "otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC";
    match scan(&render(text, &Layout::default())) {
        ScanOutcome::Migration { export } => {
            assert_eq!(
                export,
                twofold_core::transfer::google::parse_uri(text).unwrap()
            )
        }
        other => panic!("expected the migration payload, got {other:?}"),
    }
}

#[test]
fn still_images_in_each_format() {
    let frame = render(URI, &Layout::default());
    for format in [image::ImageFormat::Png, image::ImageFormat::WebP] {
        let outcome = scan::scan_image(&frame.encode(format)).expect("a readable image");
        assert_account(outcome, &format!("{format:?}"));
    }
    let noisy = render(URI, &Layout::default()).with_noise(10.0, 5);
    let outcome = scan::scan_image(&noisy.encode_jpeg(40)).expect("a readable JPEG");
    assert_account(outcome, "JPEG quality 40");
}

#[test]
fn large_photo_is_averaged_down_and_read() {
    let layout = Layout {
        width: 2400,
        height: 1800,
        module_px: 20.0,
        degrees: -12.0,
        ..Layout::default()
    };
    let photo = render(URI, &layout).with_noise(6.0, 2);
    let outcome = scan::scan_image(&photo.encode_jpeg(85)).expect("a readable JPEG");
    assert_account(outcome, "large photo");
}

#[test]
fn decode_texts_returns_any_text() {
    let text = "line one\nline two";
    let png = render(text, &Layout::default()).encode(image::ImageFormat::Png);
    let texts = scan::decode_texts(&png).expect("a readable image");
    assert_eq!(
        texts.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        vec![text]
    );
}

#[test]
fn unreadable_bytes_are_an_error_not_a_panic() {
    assert!(matches!(
        scan::scan_image(b"not an image at all"),
        Err(ScanError::UnreadableImage { .. })
    ));
    let png = render(URI, &Layout::default()).encode(image::ImageFormat::Png);
    assert!(matches!(
        scan::scan_image(&png[..png.len() / 2]),
        Err(ScanError::UnreadableImage { .. })
    ));
}

#[test]
fn impossible_geometry_is_an_error() {
    let plane = vec![0u8; 100];
    assert!(matches!(
        scan::scan_frame_with_every_attempt(&plane, 0, 10, 10),
        Err(ScanError::EmptyFrame { .. })
    ));
    assert!(matches!(
        scan::scan_frame_with_every_attempt(&plane, 10, 10, 5),
        Err(ScanError::StrideTooSmall { .. })
    ));
    assert!(matches!(
        scan::scan_frame_with_every_attempt(&plane, 10, 11, 10),
        Err(ScanError::BufferTooShort { .. })
    ));
    assert!(matches!(
        Scanner::new().scan_with_next_attempt(&plane, u32::MAX, 2, u32::MAX),
        Err(ScanError::FrameTooLarge { .. })
    ));
    // Tiny but valid frames simply hold nothing.
    assert_eq!(
        scan::scan_frame_with_every_attempt(&plane, 10, 10, 10),
        Ok(ScanOutcome::Nothing)
    );
    assert_eq!(
        scan::scan_frame_with_every_attempt(&[7], 1, 1, 1),
        Ok(ScanOutcome::Nothing)
    );
}

#[test]
fn camera_loop_reads_a_dark_mode_code_within_one_rotation() {
    let frame = render(URI, &Layout::default()).inverted();
    let mut scanner = Scanner::new();
    let first_read = (0..8).find_map(|_| {
        match scanner
            .scan_with_next_attempt(
                &frame.pixels,
                frame.width as u32,
                frame.height as u32,
                frame.width as u32,
            )
            .expect("a well-formed frame")
        {
            ScanOutcome::Nothing => None,
            found => Some(found),
        }
    });
    assert_account(
        first_read.expect("read within 8 frames"),
        "camera loop, inverted",
    );
}

#[test]
fn camera_loop_reads_a_clean_code_on_the_first_frame() {
    let frame = render(URI, &Layout::default());
    let outcome = Scanner::new()
        .scan_with_next_attempt(
            &frame.pixels,
            frame.width as u32,
            frame.height as u32,
            frame.width as u32,
        )
        .expect("a well-formed frame");
    assert_account(outcome, "camera loop, clean");
}

#[test]
fn scanner_can_move_to_a_camera_thread() {
    fn assert_send<T: Send + 'static>() {}
    assert_send::<Scanner>();
    assert_send::<ScanOutcome>();
}
