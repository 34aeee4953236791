pub mod qr_frames;
